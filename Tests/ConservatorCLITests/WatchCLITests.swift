import Foundation
import Raster
import Testing

/// `conservator watch` as a real process (with `status` run in process to see what it recorded): a run over a
/// folder, a bad configuration, and a SIGTERM while watching.
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
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        // one line per quarantined file, with the object it was recorded as (it was logged twice: by the
        // ingest service and by the daemon; issue 22, defect 10)
        let lines = run.stderr.split(separator: "\n").filter { $0.contains("quarantined:") }
        #expect(lines.count == 2, "\(run.stderr)")
        #expect(lines.allSatisfy { $0.contains("object=") }, "\(lines)")

        let status = cli.run(["status", "--config", config, "--json"])
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
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 78)
        #expect(run.stderr.contains("conservator.yaml:3:10: 'workers' must be a whole number"), "\(run.stderr)")
    }

    @Test func sigtermWhileAPipelineJobRunsExitsCleanlyAndTheJobRunsOnceLater() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, extra: "pipelines: \(CLIHarness.repositoryPipelines)")
        let config2 = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "recursive: true }", with: "recursive: true, pipeline: classical }")
        try config2.write(toFile: config, atomically: true, encoding: .utf8)
        // Large enough that the classical pipeline takes a while in a debug build.
        let samples = (0..<(1600 * 1200 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 4800) }
        let image = RasterImage(width: 1600, height: 1200, channels: 3, bitDepth: 8, samples: .uint8(samples))
        try ImageEncoder.write(image, to: cli.root.appendingPathComponent("ingest/plate.png").path, as: .png)

        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["watch", "--config", config]
        process.currentDirectoryURL = cli.root
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        var running = 0
        while running == 0 && Date().timeIntervalSince(started) < 60 {
            Thread.sleep(forTimeInterval: 0.05)
            let status = cli.run(["status", "--config", config, "--json"])
            let counts = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8))) as? [String: Any]
            running = counts?["running"] as? Int ?? 0
        }
        #expect(running == 1, "a job was running when SIGTERM came")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)

        #expect(try cli.runBinary(["watch", "--once", "--config", config]).status == 0)
        let status = cli.run(["status", "--config", config, "--json"])
        let counts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(counts?["done"] as? Int == 1 && counts?["running"] as? Int == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: cli.root.appendingPathComponent("derivatives/1").path)
        #expect(runs.count == 1 && !runs[0].hasPrefix("."), "\(runs)")
    }

    @Test func sigtermStopsTheWatchCleanly() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli)
        let (process, errors) = try cli.startWatch(config: config)
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
