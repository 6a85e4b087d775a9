import Foundation
import Testing

/// The command line as a user meets it: the demo, then curators' queries, history, export and verify, with their
/// output and exit codes, run in process; the exit codes of whole runs, and an unreadable file as another user
/// meets it, through the built binary. Help and usage errors: `InProcessCommandTests`.
@Suite(.serialized) struct CLITests {
    @Test func demoIngestsThenQueryShowAndVerifyWork() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let demo = cli.run(["demo", "--directory", cli.path("d")])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("recorded 4 originals, quarantined 2 files"), "\(demo.stdout)")
        #expect(demo.stdout.contains("pipeline classical on 4 originals"), "\(demo.stdout)")
        #expect(demo.stdout.contains("pipeline jobs: 4 done, 0 failed"), "\(demo.stdout)")
        // Each original got a derivative and a provenance sidecar; the bad files went to quarantine.
        let derivatives = cli.root.appendingPathComponent("d/derivatives").path
        let written = FileManager.default.enumerator(atPath: derivatives)?.compactMap { $0 as? String } ?? []
        #expect(written.filter { $0.hasSuffix("provenance.json") }.count == 4, "\(written)")
        let quarantine = cli.root.appendingPathComponent("d/quarantine").path
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: quarantine)) ?? [])
                == ["1958-interrupted-transfer.tif", "box-4-notes.jpg"])
        let catalog = cli.root.appendingPathComponent("d/catalog.db").path

        let query = cli.run(["query", "--catalog", catalog, "--format", "json"])
        #expect(query.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 4)

        let quarantined = cli.run(["query", "--catalog", catalog, "--quarantined"])
        #expect(quarantined.stdout.contains("box-4-notes.jpg") && quarantined.stdout.contains("interrupted"))
        let quarantinedRows = try JSONSerialization.jsonObject(
            with: Data(cli.run(["query", "--catalog", catalog, "--quarantined", "--format", "json"]).stdout.utf8)) as? [[String: Any]]
        #expect(quarantinedRows?.count == 2 && quarantinedRows?.allSatisfy { ($0["bytes"] as? Int ?? 0) > 0 } == true,
                "a quarantined file has no dimensions but its length is known")

        let tiffs = cli.run(["query", "--catalog", catalog, "--file-format", "tiff"])
        #expect(tiffs.stdout.split(separator: "\n").count == 3, "a header line and two TIFF originals")

        // The glass plate master was dropped in twice (a copy under another name): one object, two paths.
        let plate = cli.root.appendingPathComponent("d/ingest/1923-glass-plate-photographer.tif").path
        let show = cli.run(["show", "--catalog", catalog, plate, "--json"])
        #expect(show.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]]
        #expect(events?.compactMap { $0["type"] as? String } == ["ing", "mes", "val", "mee"])
        let paths = (object?["paths"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(paths.count == 2, "the demo's duplicate adds a second path")
        #expect(paths.first == plate, "the master is recorded first, the copy second (issue 22, defect 10): \(paths)")

        let verify = cli.run(["verify", "--catalog", catalog])
        #expect(verify.status == 0, "\(verify.stdout)")

        // A second demo run replaces its own folder.
        #expect(cli.run(["demo", "--directory", cli.path("d")]).status == 0)
    }

    @Test func curatorsQueryTheHistoryAndExportTheDemo() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        #expect(cli.run(["demo", "--directory", cli.path("d")]).status == 0)
        let db = ["--catalog", cli.root.appendingPathComponent("d/catalog.db").path]
        // the demo's classical pipeline is no AI: every original is "not AI-altered", none "AI-altered"
        let csv = cli.run(["query", "--not-ai-altered", "--pipeline", "classical", "--format", "csv"] + db)
        let lines = csv.stdout.split(separator: "\n")
        #expect(csv.status == 0 && lines.count == 5 && lines[0].hasPrefix("id,sha256,format"), "\(csv.stdout)")
        #expect(lines.dropFirst().allSatisfy { $0.contains(",classical@1,") && $0.contains(",no,") }, "\(csv.stdout)")
        let ai = cli.run(["query", "--ai-altered", "--format", "json"] + db)
        let aiRows = try JSONSerialization.jsonObject(with: Data(ai.stdout.utf8)) as? [Any]
        #expect(ai.status == 0 && aiRows?.isEmpty == true)
        #expect(cli.run(["query", "--stage", "sharpen"] + db).stderr.contains("4 originals"))
        #expect(cli.run(["query", "--stage", "sharpen", "--changed-more-than", "0.99"] + db).stderr.contains("0 originals"))

        let plate = cli.root.appendingPathComponent("d/ingest/1923-glass-plate-photographer.tif").path
        let history = cli.run(["history", plate] + db)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("RUN 1 of 1") && history.stdout.contains("pipeline classical 1"), "\(history.stdout)")
        #expect(history.stdout.contains("not AI-altered") && history.stdout.contains("derivative events:"))
        let json = cli.run(["history", plate, "--json"] + db)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((parsed?["runs"] as? [[String: Any]])?.count == 1)
        // the derivative's events in the order they happened: the steps, then its creation (issue 22, defect 10)
        let derivative = (parsed?["runs"] as? [[String: Any]])?.first?["derivative"] as? [String: Any]
        let events = try #require(derivative?["events"] as? [[String: Any]])
        let times = events.compactMap { $0["occurred_at"] as? String }
        #expect(times.count == events.count && times == times.sorted(), "\(times)")
        #expect(events.map { $0["type"] as? String } == ["mod", "mod", "cre"], "\(events)")

        let out = cli.root.appendingPathComponent("export").path
        let export = cli.run(["export", "--pipeline", "classical", "--with-originals", "--out", out] + db)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("exported 4 derivatives of 4 originals (0 with a JPEG access copy), 4 originals"),
                "\(export.stdout)")
        #expect(export.stdout.contains("open \(out)/data/index.html"), "\(export.stdout)")
        for name in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "data/index.html",
                     "data/report.csv", "data/report.json", "data/premis.xml", "data/prov.json", "data/mets.xml"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        // an existing folder cannot be created (EX_CANTCREAT), which is not a changed file (65)
        let again = cli.run(["export", "--pipeline", "classical", "--out", out] + db)
        #expect(again.status == 73 && again.stderr.contains("exists already"), "never overwrites: \(again.stderr)")
        #expect(cli.run(["export", "--ai-altered", "--out", out + "-ai"] + db).status == 66, "nothing matches")
        #expect(!FileManager.default.fileExists(atPath: out + "-ai"))
    }

    @Test func exitCodesAreTheDocumentedOnes() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let db = ["--catalog", cli.catalogPath]
        #expect(try cli.runBinary(["init"] + db).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.catalogPath))

        let empty = try cli.write("in/empty.tif", [])
        let ingest = try cli.runBinary(["ingest", empty] + db)
        #expect(ingest.status == 1, "a quarantined file exits 1")
        #expect(ingest.stdout.contains("empty file (0 bytes)"))

        #expect(try cli.runBinary(["ingest", cli.root.appendingPathComponent("nope").path] + db).status == 66)
        #expect(try cli.runBinary(["ingest", "--bogus"] + db).status == 64)
        #expect(try cli.runBinary(["verify"] + db).status == 0, "nothing accepted yet: nothing to fail")

        try Data("not a database".utf8).write(to: cli.root.appendingPathComponent("broken.db"))
        let broken = try cli.runBinary(["query", "--catalog", cli.root.appendingPathComponent("broken.db").path])
        #expect(broken.status == 74)
        #expect(broken.stderr.contains("broken.db"))
    }

    /// Only the commands that record (init, ingest, process; watch through its configuration) create a catalog: one
    /// that only reads, given a path where none is (a typo), exits 66 naming it and leaves nothing behind.
    @Test func aCommandThatOnlyReadsCreatesNoCatalog() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let missing = cli.path("nope.db")
        for command in [["show", "1"], ["history", "1"], ["query"], ["status"], ["verify"],
                        ["export", "--out", cli.path("export")]] {
            let result = cli.run(command + ["--catalog", missing])
            #expect(result.status == 66, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no catalog at \(missing)"), "\(command): \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: cli.root.path).isEmpty, "\(command) created nothing")
        }
    }

    @Test func verifyExitsNonZeroAfterAnOriginalChanges() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        #expect(cli.run(["demo", "--directory", cli.path("d")]).status == 0)
        let catalog = cli.root.appendingPathComponent("d/catalog.db").path
        let target = cli.root.appendingPathComponent("d/ingest/1890-cat-cabinet-card.png")
        var bytes = [UInt8](try Data(contentsOf: target))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: target)
        let verify = cli.run(["verify", "--catalog", catalog, "--json"])
        #expect(verify.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
        let problems = report?["problems"] as? [[String: Any]]
        #expect(problems?.count == 1)
        #expect((problems?.first?["path"] as? String)?.hasSuffix("1890-cat-cabinet-card.png") == true)
    }

    @Test func verifyChecksQuarantinedFilesApartAndFailsWhenOneChanged() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let db = ["--catalog", cli.catalogPath]
        #expect(cli.run(["init"] + db).status == 0)
        let broken = try cli.write("in/broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        #expect(cli.run(["ingest", broken] + db).status == 1)
        let clean = cli.run(["verify"] + db)
        #expect(clean.status == 0, "an intact quarantined file is no finding: \(clean.stdout)")
        #expect(clean.stdout.contains("checked 1 quarantined files: 1 intact, 0 missing or changed"))

        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1]).write(to: URL(fileURLWithPath: broken))
        let human = cli.run(["verify"] + db)
        #expect(human.status == 1, "a changed quarantined file is a finding: \(human.stdout)")
        #expect(human.stdout.contains("broken.png: changed (quarantined object"))
        #expect(human.stdout.contains("checked 0 files: 0 intact, 0 missing or changed"))
        let json = cli.run(["verify", "--json"] + db)
        #expect(json.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((report?["problems"] as? [Any])?.isEmpty == true, "accepted originals are reported apart")
        let quarantined = report?["quarantined"] as? [String: Any]
        #expect(quarantined?["checked"] as? Int == 1)
        let problems = quarantined?["problems"] as? [[String: Any]]
        #expect((problems?.first?["path"] as? String)?.hasSuffix("broken.png") == true)
    }

    /// An original the daemon's user may not read: quarantined as unreadable, the run continues.
    /// As root (CI) permissions do not apply, so the command runs as `nobody` through setpriv.
    @Test func unreadablePermissionsAreQuarantined() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let locked = try cli.write("in/locked.tif", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0])
        try cli.write("in/readable.tif", [0x49, 0x49, 0x2A, 0x00])
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        var wrapper: [String] = []
        var binary = CLIHarness.binary
        var environment: [String: String] = [:]
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "setpriv (util-linux) is needed as root")
            wrapper = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            for path in [cli.root.path, cli.root.appendingPathComponent("in").path] {
                try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
            }
            // `nobody` may not be able to reach the build tree (a checkout under a private folder), so it
            // gets its own copies of the binary and the migrations.
            let fm = FileManager.default
            binary = cli.root.appendingPathComponent("conservator")
            try fm.copyItem(at: CLIHarness.binary, to: binary)
            let migrations = cli.root.appendingPathComponent("Migrations")
            try fm.copyItem(at: CLIHarness.repositoryRoot.appendingPathComponent("Migrations"), to: migrations)
            environment["CONSERVATOR_MIGRATIONS"] = migrations.path
        }
        let result = try cli.runBinary(["ingest", "--catalog", cli.catalogPath, "--json", cli.root.appendingPathComponent("in").path],
                                 through: wrapper, binary: binary, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let files = report?["files"] as? [[String: Any]] ?? []
        let lockedEntry = files.first { ($0["path"] as? String)?.hasSuffix("locked.tif") == true }
        #expect(lockedEntry?["reason"] as? String == "unreadable: Permission denied")
        #expect(files.count == 2, "the readable file is still processed")
    }
}
