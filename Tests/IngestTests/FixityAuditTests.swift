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
}
