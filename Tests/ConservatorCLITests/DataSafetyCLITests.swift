import Foundation
import Raster
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The ways an operator's ordinary mistakes once lost originals or derivatives — links in a share, a
/// catalog path changed in the configuration, a catalog deleted while the daemon ran — tried on the real
/// `conservator watch` binary, with what it recorded read in process; and `process` after a killed run, in process.
@Suite(.serialized) struct DataSafetyCLITests {
    /// A configuration with one recursive ingest folder `in/`, whose originals are moved to `st/archive`.
    private func configure(_ cli: CLIHarness, catalog: String = "st/catalog.db", pipeline: String? = nil,
                           afterIngest: String = "{ action: move, archive: st/archive }") throws -> String {
        try FileManager.default.createDirectory(at: cli.root.appendingPathComponent("in"), withIntermediateDirectories: true)
        return try cli.write("conservator.yaml", Array("""
            catalog: \(catalog)
            derivatives: st/derivatives
            stability-seconds: 0
            pipelines: \(CLIHarness.repositoryPipelines)
            folders:
              - path: in
                recursive: true
                \(pipeline.map { "pipeline: \($0)" } ?? "")
                after-ingest: \(afterIngest)
            """.utf8))
    }

    private func png(_ cli: CLIHarness, _ name: String, seed: Int) throws {
        let samples = (0..<(32 * 24 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ seed &* 71) }
        let image = RasterImage(width: 32, height: 24, channels: 3, bitDepth: 8, samples: .uint8(samples))
        let url = cli.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ImageEncoder.write(image, to: url.path, as: .png)
    }

    private func status(_ cli: CLIHarness, _ config: String) throws -> [String: Any] {
        let run = cli.run(["status", "--config", config, "--json"])
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func linksInARecursiveIngestFolderNeverLoseOrMoveAnything() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli)
        try png(cli, "in/plate.png", seed: 1)
        #expect(try cli.runBinary(["watch", "--once", "--config", config]).status == 0)
        let archived = cli.path("st/archive/plate.png")
        #expect(FileManager.default.fileExists(atPath: archived))

        // A link back to the archive, one to a folder outside every root, and one to the folder itself.
        try png(cli, "outside/elsewhere.png", seed: 2)
        #expect(symlink("../st/archive", cli.path("in/looparch")) == 0)
        #expect(symlink("../outside", cli.path("in/linkdir")) == 0)
        #expect(symlink(".", cli.path("in/self")) == 0)
        #expect(symlink("../outside/elsewhere.png", cli.path("in/linked-file.png")) == 0)
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("symbolic link"), "what was skipped is logged: \(run.stderr)")

        #expect(FileManager.default.fileExists(atPath: archived), "the archived original is still there")
        #expect(FileManager.default.fileExists(atPath: cli.path("outside/elsewhere.png")), "nothing moved from outside")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("st/archive")) == ["plate.png"])
        let counts = try status(cli, config)
        #expect(counts["originals"] as? Int == 1)
        #expect(counts["quarantined"] as? Int == 0, "no bogus records for a link loop")
        let verify = cli.run(["verify", "--catalog", cli.path("st/catalog.db")])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func anArchiveInsideTheIngestFolderIsRefusedBeforeAnythingMoves() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, afterIngest: "{ action: move, archive: in/archive }")
        try png(cli, "in/plate.png", seed: 3)
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.path("in/plate.png")))
    }

    @Test func aNewCatalogNeverDeletesPublishedDerivatives() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, pipeline: "classical", afterIngest: "{ action: leave }")
        try png(cli, "in/plate.png", seed: 4)
        #expect(try cli.runBinary(["watch", "--once", "--config", config]).status == 0)
        let derivatives = cli.path("st/derivatives/1")
        let published = try FileManager.default.contentsOfDirectory(atPath: derivatives)
        #expect(published.count == 1)

        _ = try configure(cli, catalog: "st/other.db", pipeline: "classical", afterIngest: "{ action: leave }")
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("removed"), "\(run.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: derivatives)
        #expect(Set(published).isSubset(of: Set(after)), "the first catalog's run folder is still there: \(after)")
        #expect(FileManager.default.fileExists(atPath: "\(derivatives)/\(published[0])/provenance.json"))
    }

    @Test func aCatalogDeletedWhileWatchingStopsTheDaemonAndARestartRefusesToForget() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli)
        let (process, errors) = try cli.startWatch(config: config)
        try png(cli, "in/plate.png", seed: 5)
        let started = Date()
        while !FileManager.default.fileExists(atPath: cli.path("st/archive/plate.png")), Date().timeIntervalSince(started) < 30 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: cli.path("st/archive/plate.png")))
        for suffix in ["", "-wal", "-shm"] { unlink(cli.path("st/catalog.db" + suffix)) }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 74, "\(log)")
        #expect(log.contains("deleted or replaced"), "\(log)")

        let restart = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(restart.status == 74, "never 'nothing to do' with originals only a lost catalog knew: \(restart.stderr)")
        #expect(restart.stderr.contains("does not record 1 file(s)"), "\(restart.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.path("st/archive/plate.png")))
        // The way out the message names: record the archive, then the daemon starts.
        #expect(cli.run(["ingest", "--catalog", cli.path("st/catalog.db"), cli.path("st/archive")]).status == 0)
        #expect(try cli.runBinary(["watch", "--once", "--config", config]).status == 0)
    }

    @Test func aNameThatIsNotUTF8IsQuarantinedWithAReasonNotSkipped() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, afterIngest: "{ action: leave }")
        try Self.createFile(in: cli.path("in"), nameBytes: Array("caf".utf8) + [0xE9] + Array(".png".utf8), bytes: [1, 2, 3])
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("caf\\xE9.png"), "logged, with the byte shown: \(run.stderr)")
        #expect(try status(cli, config)["quarantined"] as? Int == 1)
        // Found again by the next scan, it is not recorded twice.
        #expect(try cli.runBinary(["watch", "--once", "--config", config]).status == 0)
        #expect(try status(cli, config)["quarantined"] as? Int == 1)
        let query = cli.run(["query", "--quarantined", "--catalog", cli.path("st/catalog.db")])
        #expect(query.stdout.contains("caf\\xE9.png"), "\(query.stdout)")
    }

    @Test func theIngestCommandQuarantinesANameThatIsNotUTF8InsteadOfCallingItMissing() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let name = Array("caf".utf8) + [0xE9] + Array(".png".utf8)
        try Self.createFile(in: cli.root.path, nameBytes: name, bytes: [1, 2, 3])
        // Process takes String arguments; run it through /bin/sh so the raw byte reaches conservator.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" ingest --catalog catalog.db \"$(printf 'caf\\351.png')\"", CLIHarness.binary.path]
        process.currentDirectoryURL = cli.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "a finding, not 'no such file': \(text)")
        #expect(text.contains("caf\\xE9.png") && text.contains("not valid UTF-8"), "\(text)")
    }

    @Test func aFileNameCannotForgeALogLine() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let config = try configure(cli, afterIngest: "{ action: leave }")
        let forged = "x.png\n2026-01-01T00:00:00Z info conservator.watch: recorded path=/in/forged.tif"
        try cli.write("in/\(forged)", Array("not an image".utf8))
        let run = try cli.runBinary(["watch", "--once", "--config", config])
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("2026-01-01T00:00:00Z") }, "\(run.stderr)")
        #expect(run.stderr.contains("x.png\\x0A2026-01-01"), "\(run.stderr)")
    }

    @Test func aKilledProcessRunLeavesNoPartialFolderBehindTheNextRun() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        try png(cli, "plate.png", seed: 6)
        #expect(cli.run(["ingest", "--catalog", cli.catalogPath, cli.path("plate.png")]).status == 0)
        // What a kill leaves: a partial folder whose staging marker nobody holds; a finished run; and a
        // partial folder a live process is writing (its marker locked by this test process).
        let out = cli.path("out/1")
        let abandoned = "\(out)/.20260101T000000000Z-classical.partial"
        let finished = "\(out)/20260101T000000001Z-classical"
        let live = "\(out)/.20260101T000000002Z-classical.partial"
        for folder in [abandoned, finished, live] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Data("catalog: \(cli.catalogPath)\n".utf8).write(to: URL(fileURLWithPath: "\(abandoned)/.conservator-staging"))
        try Data([1]).write(to: URL(fileURLWithPath: "\(finished)/derivative.tif"))
        try Data("catalog: \(cli.catalogPath)\n".utf8).write(to: URL(fileURLWithPath: "\(live)/.conservator-staging"))
        let held = open("\(live)/.conservator-staging", O_RDONLY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)

        let run = cli.run(["process", "1", "--catalog", cli.catalogPath, "--pipeline", "classical", "--out", cli.path("out"),
                           "--pipelines", CLIHarness.repositoryPipelines])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: "\(finished)/derivative.tif"), "a finished run is never touched")
        #expect(FileManager.default.fileExists(atPath: live), "a run being written is never touched")
    }

    /// Creates a file whose name is given as bytes (which need not be UTF-8).
    static func createFile(in folder: String, nameBytes: [UInt8], bytes: [UInt8]) throws {
        let path = Array(folder.utf8) + [0x2F] + nameBytes + [0]
        let fd = path.withUnsafeBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
