import Fixity
import Catalog
import Foundation
import Ingest
import Testing

@Suite struct FixityAuditTests {
    @Test func intactOriginalsPassAndEachCheckIsAnEvent() throws {
        let ws = try Workspace()
        try ws.image("a.tif", .tiff(compression: .lzw))
        try ws.image("b.png", .png)
        _ = try ws.ingest([ws.inbox.path])
        let report = try FixityAudit(catalog: ws.catalog).run()
        #expect(report.checked == 2 && report.problems.isEmpty)
        let id = try ws.catalog.resolve(ws.inbox.appendingPathComponent("a.tif").path).id!
        let fixity = try ws.catalog.details(of: id).events.map(\.event).filter { $0.type == .fixityCheck }
        #expect(fixity.count == 1 && fixity[0].outcome == .success)
    }

    @Test func aChangedFileAndAMissingFileAreCaughtAndRecorded() throws {
        let ws = try Workspace()
        let changed = try ws.image("changed.tif", .tiff(compression: .deflate))
        let missing = try ws.image("missing.png", .png)
        let intact = try ws.image("intact.jpg", .jpeg(quality: 90))
        _ = try ws.ingest([changed, missing, intact])

        var bytes = try ws.bytes(changed)
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: changed))
        try FileManager.default.removeItem(atPath: missing)

        let report = try FixityAudit(catalog: ws.catalog).run()
        #expect(report.checked == 3)
        #expect(report.problems.count == 2)
        let byPath = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.path, $0.kind) })
        #expect(byPath[missing] == .missing)
        if case .changed(let actual)? = byPath[changed] {
            #expect(actual == bytes.withUnsafeBytes(ContentHash.sha256))
        } else {
            Issue.record("changed file not reported as changed: \(String(describing: byPath[changed]))")
        }
        let events = try ws.catalog.details(of: try ws.catalog.resolve(changed).id!).events.map(\.event)
        #expect(events.last?.type == .fixityCheck && events.last?.outcome == .failure)
        #expect(events.last?.detail.contains("changed") == true)
    }

    @Test func everyPathOfADuplicateIsChecked() throws {
        let ws = try Workspace()
        let first = try ws.image("one.png", .png)
        let second = ws.inbox.appendingPathComponent("two.png").path
        try FileManager.default.copyItem(atPath: first, toPath: second)
        _ = try ws.ingest([first, second])
        try FileManager.default.removeItem(atPath: second)
        let report = try FixityAudit(catalog: ws.catalog).run()
        #expect(report.checked == 2)
        #expect(report.problems.map(\.path) == [second])
    }

    /// Issue 15: `verify` said "30 intact" after a quarantined file changed and another was deleted.
    @Test func quarantinedFilesAreCheckedAndReportedApart() throws {
        let ws = try Workspace()
        let original = try ws.image("plate.png", .png)
        let intact = try ws.file("intact.tif", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0])
        let changed = try ws.file("changed.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        let deleted = try ws.file("deleted.jpg", [0xFF, 0xD8, 0xFF])
        // FIFOs are refused unread: quarantined with no SHA-256, so only their presence can be checked.
        let pipe = ws.inbox.appendingPathComponent("pipe.tif").path
        let gonePipe = ws.inbox.appendingPathComponent("gone-pipe.tif").path
        #expect(mkfifo(pipe, 0o644) == 0 && mkfifo(gonePipe, 0o644) == 0)
        for path in [original, intact, changed, deleted, pipe, gonePipe] { _ = try ws.service.ingestFile(at: path) }
        #expect(try ws.catalog.fixityTargets(status: .quarantined).count == 5)

        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1]).write(to: URL(fileURLWithPath: changed))
        try FileManager.default.removeItem(atPath: deleted)
        try FileManager.default.removeItem(atPath: gonePipe)

        let report = try FixityAudit(catalog: ws.catalog).run()
        #expect(report.checked == 1 && report.problems.isEmpty, "the accepted original is intact")
        let quarantined = report.quarantined
        #expect(quarantined.checked == 5)
        #expect(quarantined.intact == 1)
        #expect(quarantined.notHashed == [pipe])
        let byPath = Dictionary(uniqueKeysWithValues: quarantined.problems.map { ($0.path, $0) })
        #expect(Set(byPath.keys) == [changed, deleted, gonePipe])
        #expect(byPath[deleted]?.kind == .missing)
        #expect(byPath[gonePipe]?.kind == .missing && byPath[gonePipe]?.expectedSHA256 == nil)
        if case .changed? = byPath[changed]?.kind {} else { Issue.record("not reported as changed: \(String(describing: byPath[changed]))") }
        #expect(quarantined.problems.allSatisfy { $0.quarantined && $0.description.contains("quarantined object") })
        #expect(report.hasFindings)

        // Each check is a fix event on the quarantine record: fai for a finding, war for "nothing to compare".
        func lastFixity(_ path: String) throws -> Event? {
            try ws.catalog.details(of: try ws.catalog.resolve(path).id!).events.map(\.event)
                .last { $0.type == .fixityCheck }
        }
        #expect(try lastFixity(changed)?.outcome == .failure)
        #expect(try lastFixity(intact)?.outcome == .success)
        #expect(try lastFixity(pipe)?.outcome == .warning)
        #expect(try lastFixity(pipe)?.detail.contains("not hashed") == true)
    }

    @Test func intactQuarantinedFilesAreNoFinding() throws {
        let ws = try Workspace()
        _ = try ws.service.ingestFile(at: try ws.file("broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let report = try FixityAudit(catalog: ws.catalog).run()
        #expect(report.quarantined.checked == 1 && report.quarantined.intact == 1)
        #expect(!report.hasFindings)
    }

    /// The daemon records a file whose name is not UTF-8, unread, at a printable path (`caf\xE9.png`):
    /// its presence is checked under the real name.
    @Test func aQuarantinedFileWithANameThatIsNotUTF8IsLookedForUnderItsRealName() throws {
        let ws = try Workspace()
        let printable = ws.inbox.path + "/caf\\xE9.png"
        _ = try ws.service.ingestFile(at: printable)  // recorded at the printable path, with no SHA-256
        let real = Array(ws.inbox.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".png".utf8) + [0]
        let fd = real.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        let present = try FixityAudit(catalog: ws.catalog).run().quarantined
        #expect(present.notHashed == [printable] && present.problems.isEmpty)

        #expect(real.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } } == 0)
        let gone = try FixityAudit(catalog: ws.catalog).run().quarantined
        #expect(gone.problems.map(\.kind) == [.missing])
    }
}
