import Foundation
import Raster
import Testing

/// The daemon as a real process, killed with SIGKILL again and again while files arrive: every good file
/// must end up recorded once and archived once, every bad file quarantined with a reason, and nothing
/// partial or doubled left anywhere. Among the arrivals are links to a folder and to a file outside (never
/// followed, nothing outside moved), a file with a second name outside (archived as a copy), and a name
/// that is not UTF-8 (quarantined where it is).
@Suite(.serialized) struct DaemonCrashTests {
    private let kills = 20

    @Test func surviveRepeatedKillsWithoutLosingOrDoublingAnything() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let fm = FileManager.default
        let ingest = cli.root.appendingPathComponent("ingest")
        try fm.createDirectory(at: ingest, withIntermediateDirectories: true)
        let config = try cli.write("conservator.yaml", Array("""
            catalog: state/catalog.db
            stability-seconds: 0.5
            workers: 2
            quarantine: { policy: move, folder: quarantine }
            folders:
              - path: ingest
                recursive: true
                pipeline: classical
                after-ingest: { action: move, archive: archive }
            """.utf8))

        var random = SystemRandomNumberGenerator()
        var goodDigests: Set<Data> = []
        var unnamable = 0
        var badNames: Set<String> = []
        var batch = 0
        let outside = cli.root.appendingPathComponent("outside")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        let outsideScan = try Self.scan(seed: 999, tiff: false)
        try Data(outsideScan).write(to: outside.appendingPathComponent("elsewhere.png"))
        /// Drops a few good scans, one bad file, and one scan written slowly in pieces (closed and
        /// reopened each time, as network-share clients do) while the daemon may be running.
        func dropFiles() throws {
            batch += 1
            for i in 0..<3 {
                let bytes = try Self.scan(seed: batch * 10 + i, tiff: i % 2 == 0)
                goodDigests.insert(Data(bytes))
                try Data(bytes).write(to: ingest.appendingPathComponent("box-\(batch)/scan-\(i).\(i % 2 == 0 ? "tif" : "png")"),
                                      options: .atomic)
            }
            let bad = "bad-\(batch).jpg"
            try Data("not a photograph \(batch)".utf8).write(to: ingest.appendingPathComponent(bad))
            badNames.insert(bad)
            let box = ingest.appendingPathComponent("box-\(batch)")
            #expect(symlink(outside.path, box.appendingPathComponent("link-to-outside").path) == 0)
            #expect(symlink(outside.appendingPathComponent("elsewhere.png").path, box.appendingPathComponent("link.png").path) == 0)
            let twoNames = try Self.scan(seed: batch * 10 + 7, tiff: true)
            goodDigests.insert(Data(twoNames))
            let outsideName = outside.appendingPathComponent("second-name-\(batch).tif").path
            try Data(twoNames).write(to: URL(fileURLWithPath: outsideName))
            #expect(link(outsideName, box.appendingPathComponent("two-names.tif").path) == 0)
            try DataSafetyCLITests.createFile(in: box.path, nameBytes: Array("caf".utf8) + [0xE9, UInt8(0x30 + batch % 10)]
                                              + Array(".png".utf8), bytes: Array("not UTF-8 \(batch)".utf8))
            unnamable += 1
        }
        func writeSlowly(_ name: String, seed: Int) throws {
            let bytes = try Self.scan(seed: seed, tiff: true)
            goodDigests.insert(Data(bytes))
            let path = ingest.appendingPathComponent(name).path
            #expect(fm.createFile(atPath: path, contents: nil))
            for piece in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 5)) {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: bytes[piece..<min(bytes.count, piece + max(1, bytes.count / 5))])
                try handle.close()
                Thread.sleep(forTimeInterval: 0.08)
            }
        }
        for name in ["box-1", "box-2"] { try fm.createDirectory(at: ingest.appendingPathComponent(name), withIntermediateDirectories: true) }
        try dropFiles()

        for round in 0..<kills {
            let daemon = try Self.start(config: config, in: cli.root)
            if round % 4 == 1 { try writeSlowly("slow-\(round).tif", seed: 1000 + round) }
            if round % 3 == 0 {
                try fm.createDirectory(at: ingest.appendingPathComponent("box-\(batch + 1)"), withIntermediateDirectories: true)
                try dropFiles()
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &random))
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
            #expect(daemon.terminationReason == .uncaughtSignal)
        }
        // A last, undisturbed run to finish what the kills interrupted.
        let finish = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(finish.status == 0, "\(finish.stderr)")

        let archive = cli.root.appendingPathComponent("archive").path
        let quarantine = cli.root.appendingPathComponent("quarantine").path
        let archived = try Self.files(under: archive)
        let archivedDigests = try archived.map { Data(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        #expect(archived.count == goodDigests.count, "each good file archived exactly once: \(archived)")
        #expect(Set(archivedDigests) == goodDigests)
        #expect(Set(try Self.files(under: quarantine).map { ($0 as NSString).lastPathComponent }) == badNames)
        #expect(try Self.files(under: ingest.path).allSatisfy { $0.contains("/caf") },
                "the ingest folder is emptied but for the names that are not UTF-8 (and the links)")
        #expect(try Data(contentsOf: outside.appendingPathComponent("elsewhere.png")) == Data(outsideScan),
                "nothing reached through a link is moved")
        #expect(try Self.files(under: outside.path).count == 1 + batch, "every outside name still there")
        #expect(try Self.files(under: cli.root.path, hidden: true).allSatisfy { !$0.contains(".conservator-move-") && !$0.hasSuffix(".tmp") })

        let status = cli.run(["status", "--config", config, "--json"])
        let counts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(counts?["originals"] as? Int == goodDigests.count, "no original recorded twice")
        #expect(counts?["quarantined"] as? Int == badNames.count + unnamable)
        #expect(counts?["done"] as? Int == goodDigests.count, "every original's pipeline job done")
        #expect(counts?["queued"] as? Int == 0 && counts?["running"] as? Int == 0 && counts?["failed"] as? Int == 0)
        // Exactly one published, recorded run folder per original, and nothing half-written.
        let derivatives = cli.root.appendingPathComponent("derivatives").path
        let runFolders = try fm.contentsOfDirectory(atPath: derivatives).flatMap { original in
            try fm.contentsOfDirectory(atPath: derivatives + "/" + original).map { "\(original)/\($0)" }
        }
        #expect(runFolders.count == goodDigests.count, "\(runFolders.sorted()) \((try? Self.files(under: derivatives, hidden: true)) ?? [])")
        #expect(runFolders.allSatisfy { !$0.contains("/.") })
        let sidecars = try fm.contentsOfDirectory(atPath: derivatives).flatMap { original in
            try fm.contentsOfDirectory(atPath: derivatives + "/" + original).filter {
                fm.fileExists(atPath: "\(derivatives)/\(original)/\($0)/provenance.json")
            }
        }
        #expect(sidecars.count == goodDigests.count, "every derivative has its provenance sidecar")
        let verify = cli.run(["verify", "--catalog", cli.path("state/catalog.db")])
        #expect(verify.status == 0, "every original is where the catalog says: \(verify.stdout)")
    }

    /// A small distinct image file, as TIFF or PNG.
    private static func scan(seed: Int, tiff: Bool) throws -> [UInt8] {
        let samples = (0..<(64 * 48 * 3)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ seed &* 97) >> 5) }
        let image = RasterImage(width: 64, height: 48, channels: 3, bitDepth: 8, samples: .uint8(samples))
        return try ImageEncoder.encode(image, as: tiff ? .tiff(compression: .lzw) : .png)
    }

    private static func start(config: String, in root: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["watch", "--config", config]
        process.currentDirectoryURL = root
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every regular file below `folder` (hidden ones too when asked).
    private static func files(under folder: String, hidden: Bool = false) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        for case let relative as String in enumerator {
            let path = folder + "/" + relative
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
               hidden || !(relative as NSString).lastPathComponent.hasPrefix(".") {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
