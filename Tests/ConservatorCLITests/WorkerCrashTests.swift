import Foundation
import Raster
import Testing

/// `conservator work` as real processes sharing one catalog, killed with SIGKILL while they run jobs: every
/// job must end done exactly once, each original with one published run folder and nothing half-written, and a
/// job whose worker died taken over by another once its lease lapsed.
@Suite(.serialized) struct WorkerCrashTests {
    private let originals = 18
    private let kills = 8

    @Test func workersKilledMidJobLoseNothingAndDoubleNothing() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let fm = FileManager.default
        let ingest = cli.root.appendingPathComponent("ingest")
        try fm.createDirectory(at: ingest, withIntermediateDirectories: true)
        for seed in 0..<originals {
            try Data(try Self.scan(seed: seed)).write(to: ingest.appendingPathComponent("scan-\(seed).tif"))
        }
        let config = try cli.write("conservator.yaml", Array("""
            catalog: state/catalog.db
            workers: 1
            lease-seconds: 1
            max-attempts: 10
            folders:
              - path: ingest
                pipeline: classical
            """.utf8))
        try fm.createDirectory(at: cli.root.appendingPathComponent("state"), withIntermediateDirectories: true)
        let ingested = cli.run(["ingest", "--catalog", cli.path("state/catalog.db"), cli.path("ingest")])
        #expect(ingested.status == 0, "\(ingested.stderr)")

        var random = SystemRandomNumberGenerator()
        var workers = try (0..<3).map { try Self.start(config: config, in: cli.root, log: "worker-\($0).log") }
        for round in 0..<kills {
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.7, using: &random))
            let victim = Int.random(in: 0..<workers.count, using: &random)
            kill(workers[victim].processIdentifier, SIGKILL)
            workers[victim].waitUntilExit()
            #expect(workers[victim].terminationReason == .uncaughtSignal)
            workers[victim] = try Self.start(config: config, in: cli.root, log: "worker-restart-\(round).log")
        }
        // The survivors and a last worker finish the jobs, the last one waiting out the dead workers' leases.
        let finish = try cli.runBinary(["work", "--once", "--config", config])
        #expect(finish.status == 0, "\(finish.stderr)")
        for worker in workers {
            worker.terminate()
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 0, "SIGTERM lets a worker finish its job and exit 0")
        }

        let status = cli.run(["status", "--config", config, "--json"])
        let counts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(counts?["done"] as? Int == originals, "\(status.stdout)")
        #expect(counts?["queued"] as? Int == 0 && counts?["running"] as? Int == 0 && counts?["failed"] as? Int == 0)
        let derivatives = cli.root.appendingPathComponent("derivatives").path
        let runFolders = try fm.contentsOfDirectory(atPath: derivatives).flatMap { original in
            try fm.contentsOfDirectory(atPath: derivatives + "/" + original).map { "\(original)/\($0)" }
        }
        #expect(runFolders.count == originals, "one run folder per original, none doubled: \(runFolders.sorted())")
        #expect(runFolders.allSatisfy { !$0.contains("/.") }, "no partial folder left")
        #expect(Set(runFolders.map { $0.split(separator: "/")[0] }).count == originals)
        let query = cli.run(["query", "--catalog", cli.path("state/catalog.db"), "--pipeline", "classical", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == originals && rows?.allSatisfy { $0["derivatives"] as? Int == 1 } == true,
                "one recorded run per original: \(query.stdout)")
        let logs = try fm.contentsOfDirectory(atPath: cli.root.path).filter { $0.hasSuffix(".log") }
            .map { try String(contentsOfFile: cli.path($0), encoding: .utf8) }.joined() + finish.stderr
        #expect(logs.contains("taking over job"), "a job whose worker was killed was taken over after its lease lapsed")
        #expect(cli.run(["verify", "--catalog", cli.path("state/catalog.db")]).status == 0)
    }

    /// A distinct TIFF large enough that the classical pipeline takes a noticeable time on it.
    private static func scan(seed: Int) throws -> [UInt8] {
        let (width, height) = (1600, 1200)
        let samples = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ seed &* 97) >> 5) }
        let image = RasterImage(width: width, height: height, channels: 3, bitDepth: 8, samples: .uint8(samples))
        return try ImageEncoder.encode(image, as: .tiff(compression: .none))
    }

    private static func start(config: String, in root: URL, log: String) throws -> Process {
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["work", "--config", config]
        process.currentDirectoryURL = root
        let logFile = root.appendingPathComponent(log)
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
