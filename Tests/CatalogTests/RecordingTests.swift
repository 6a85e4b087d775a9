@testable import Catalog
import Foundation
import GRDB
import Testing

@Suite struct RecordingTests {
    @Test func recordsObjectPathMetadataEventsAndAgentTogether() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        let outcome = try catalog.record(newOriginal(sha256: sha("a"), path: "/scans/a.tif"), by: testAgent)
        guard case let .inserted(id) = outcome else { Issue.record("expected an insert, got \(outcome)"); return }

        let details = try catalog.details(of: id)
        #expect(details.object.sha256 == sha("a"))
        #expect(details.paths.map(\.path) == ["/scans/a.tif"])
        #expect(details.metadata.map(\.qualifiedName) == ["IFD0:Make", "ExifIFD:ISO"])
        #expect(details.events.map(\.event.type) == [.ingestion, .messageDigestCalculation, .validation, .metadataExtraction])
        for entry in details.events {
            #expect(entry.agents == [AgentRole(agent: Agent(id: entry.agents.first?.agent.id, type: .software,
                                                            name: "CatalogTests", version: "1"), role: "exe")])
        }
        #expect(try catalog.originalID(sha256: sha("a")) == id)
    }

    /// Bulk rows are bound straight to SQLite: NULL, integers and text arrive as given, and a constraint
    /// failure comes back as a `DatabaseError` naming the statement, leaving the statement usable.
    @Test func bulkRowsBindEveryKindOfValueAndReportFailures() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        var original = newOriginal(sha256: sha("c"), path: "/scans/c.png")
        original.metadata = [.init(group: "PNG", tagID: nil, name: "Title", value: "Hafen, 1923 — \"Ostkai\" ✓"),
                             .init(group: "IFD0", tagID: 0x0131, name: "Software", value: "")]
        guard case let .inserted(id) = try catalog.record(original, by: testAgent) else {
            Issue.record("not inserted"); return
        }
        let stored = try catalog.details(of: id).metadata
        #expect(stored.map(\.tagId) == [nil, 0x0131])
        #expect(stored.map(\.value) == ["Hafen, 1923 — \"Ostkai\" ✓", ""])

        let sql = "INSERT INTO events (object_id, type, outcome, detail, occurred_at) VALUES (?, ?, ?, ?, ?)"
        try catalog.pool.write { db in
            let rows = try BulkRows(db, sql: sql)
            let error = #expect(throws: DatabaseError.self) {
                try rows.insert(id.databaseValue, "val".databaseValue, "suc".databaseValue, .null,
                                "2026-01-01T00:00:00Z".databaseValue)
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.sql == sql)
            #expect(error?.message == "NOT NULL constraint failed: events.detail")
            try rows.insert(id.databaseValue, "val".databaseValue, "suc".databaseValue, "again".databaseValue,
                            "2026-01-01T00:00:00Z".databaseValue)
        }
        #expect(try catalog.details(of: id).events.contains { $0.event.detail == "again" })
    }

    /// Ingest inserts objects by position (`insertRow`); every column must land as GRDB's record insert
    /// puts it, whichever fields are set.
    @Test func anObjectInsertedByPositionEqualsOneInsertedAsARecord() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two catalogs, since the same bytes cannot be recorded twice in one.
        let (first, second) = (dir.appendingPathComponent("a"), dir.appendingPathComponent("b"))
        for folder in [first, second] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let byPositionCatalog = try makeCatalog(in: first), asRecordCatalog = try makeCatalog(in: second)
        let full = StoredObject(kind: .original, status: .quarantined, sha256: sha("d"), size: 99, format: "png",
                                mediaType: "image/png", width: 3, height: 4, channels: 2, bitDepth: 16,
                                colorModel: "gray", compression: "deflate", pageCount: 1, iccSha256: sha("e"),
                                iccDescription: "sRGB", xmpPacket: "<x/>", quarantineReason: "bad CRC",
                                createdAt: "2026-01-02T03:04:05Z")
        let sparse = StoredObject(status: .accepted, sha256: nil, size: nil, createdAt: "2026-01-02T03:04:05Z")
        for object in [full, sparse] {
            let byPosition = try byPositionCatalog.pool.write { db -> Row? in
                var inserted = object
                try inserted.insertRow(db)
                return try Row.fetchOne(db, sql: "SELECT * FROM objects WHERE id = ?", arguments: [inserted.id])
            }
            let asRecord = try asRecordCatalog.pool.write { db -> Row? in
                var inserted = object
                try inserted.insert(db)
                return try Row.fetchOne(db, sql: "SELECT * FROM objects WHERE id = ?", arguments: [inserted.id])
            }
            let a = try #require(byPosition), b = try #require(asRecord)
            for column in StoredObject.columns {
                #expect(a[column] as DatabaseValue == b[column] as DatabaseValue, "\(column)")
            }
        }
    }

    @Test func sameBytesUnderANewPathLinkThePathInsteadOfADuplicateObject() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        guard case let .inserted(id) = try catalog.record(newOriginal(sha256: sha("b"), path: "/in/one.tif"), by: testAgent)
        else { Issue.record("first record must insert"); return }
        #expect(try catalog.record(newOriginal(sha256: sha("b"), path: "/in/two.tif"), by: testAgent)
                == .alreadyRecorded(objectID: id, newPath: true))
        #expect(try catalog.record(newOriginal(sha256: sha("b"), path: "/in/two.tif"), by: testAgent)
                == .alreadyRecorded(objectID: id, newPath: false))
        let details = try catalog.details(of: id)
        #expect(details.paths.map(\.path) == ["/in/one.tif", "/in/two.tif"])
        #expect(details.events.count == 4, "a duplicate adds no events")
        let objects = try catalog.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM objects") }
        #expect(objects == 1)
    }

    @Test func unreadableFilesAreMatchedByPathAndGainEvents() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        let unreadable = NewObject(object: StoredObject(status: .quarantined, sha256: nil, size: nil,
                                                        quarantineReason: "unreadable: Permission denied"),
                                   path: "/in/locked.tif", events: [NewEvent(.quarantine, .success, "unreadable")])
        guard case let .inserted(id) = try catalog.record(unreadable, by: testAgent) else {
            Issue.record("first record must insert"); return
        }
        #expect(try catalog.record(unreadable, by: testAgent) == .alreadyRecorded(objectID: id, newPath: false))
        #expect(try catalog.details(of: id).events.count == 2)
    }

    @Test func originalsAndEventsCannotBeRewrittenOrDeleted() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        _ = try catalog.record(newOriginal(sha256: sha("c"), path: "/in/c.tif"), by: testAgent)
        let forbidden = [
            "UPDATE objects SET sha256 = '\(sha("d"))'",
            "UPDATE objects SET size = 1",
            "DELETE FROM objects",
            "UPDATE events SET outcome = 'fai'",
            "DELETE FROM events",
        ]
        for sql in forbidden {
            #expect(throws: DatabaseError.self, "\(sql) must be refused") {
                try catalog.pool.write { try $0.execute(sql: sql) }
            }
        }
        #expect(try catalog.originalID(sha256: sha("c")) != nil)
    }

    @Test func quarantineReasonIsRequiredExactlyForQuarantinedObjects() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        let reasonless = NewObject(object: StoredObject(status: .quarantined, sha256: sha("e"), size: 1),
                                   path: "/in/e", events: [])
        #expect(throws: DatabaseError.self) { try catalog.record(reasonless, by: testAgent) }
        let badHash = NewObject(object: StoredObject(status: .accepted, sha256: "XYZ", size: 1), path: "/in/f", events: [])
        #expect(throws: DatabaseError.self) { try catalog.record(badHash, by: testAgent) }
    }
}
