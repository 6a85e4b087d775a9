import Foundation
import Testing

/// `conservator watch` and `status` as real processes: a run over a folder, a bad configuration, and a
/// SIGTERM while watching.
@Suite(.serialized) struct WatchCLITests {
    /// A configuration over `cli.root/ingest`, with the catalog in `cli.root/state`.
    private func configure(_ cli: CLIHarness, extra: String = "") throws -> String {
        try FileManager.default.createDirectory(at: cli.root.appendingPathComponent("ingest"), withIntermediateDirectories: true)
        return try cli.write("conservator.yaml", Array("""
            catalog: state/catalog.db
            stability-seconds: 0
            \(extra)
            folders:
              - { path: ingest, recursive: true }
            """.utf8))
    }

    @Test func onceRecordsWhatIsThereAndStatusReportsIt() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli)
        // A PNG signature with nothing after it, and notes with an image extension: both quarantined.
        try cli.write("ingest/truncated.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        try cli.write("ingest/box/notes.tif", Array("box 4".utf8))
        let run = try cli.run(["watch", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("quarantined"))

        let status = try cli.run(["status", "--config", config, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let counts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(counts?["quarantined"] as? Int == 2)
        #expect(counts?["originals"] as? Int == 0)
        #expect((counts?["recent_problems"] as? [[String: Any]])?.count == 2)
    }

    @Test func anInvalidConfigurationExits78NamingTheLine() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, extra: "workers: lots")
        let run = try cli.run(["watch", "--once", "--config", config])
        #expect(run.status == 78)
        #expect(run.stderr.contains("conservator.yaml:3:10: 'workers' must be a whole number"), "\(run.stderr)")
    }

    @Test func sigtermStopsTheWatchCleanly() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli)
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["watch", "--config", config]
        process.currentDirectoryURL = cli.root
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let started = Date()
        while !FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("state/catalog.db").path),
              Date().timeIntervalSince(started) < 20 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.3)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("SIGTERM"))
        #expect(log.contains("stopped"))
    }
}
