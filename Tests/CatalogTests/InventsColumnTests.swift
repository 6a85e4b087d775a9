@testable import Catalog
import CatalogFixtures
import Disclosure
import Foundation
import GRDB
import Testing

/// Migration 0005: each step records what its stage declared it invents, and steps recorded before the
/// column existed are filled from the only two stages that invented anything then (`inpaint`, `colorize`).
@Suite struct InventsColumnTests {
    @Test func stepsRecordWhatTheyInventedAndStayAppendOnly() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        #expect(try invented(in: sample.catalog) == ["colorize": "colors", "detect-damage": nil, "inpaint": "image-content",
                                                     "restore-color": nil, "sharpen": nil])
        let step = try #require(try sample.catalog.pool.read { try Step.filter(Column("stage") == "colorize").fetchOne($0) })
        #expect(step.invents == .colors)
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "UPDATE steps SET invents = 'colors'") }
        }
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { db in
                try db.execute(sql: "INSERT INTO steps (run_id, position, stage, stage_version, method, algorithm, "
                    + "model_agent_id, parameters, fraction_changed, duration_seconds, digital_source_type, invents) "
                    + "VALUES (?, 99, 'x', '1', 'classical', 'x', NULL, '{}', 0, 0, 'x', 'texture')",
                    arguments: [step.runId])
            }
        }
    }

    @Test func migrationFillsStepsRecordedBeforeIt() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        // Take the catalog back to 0004's schema: no `invents` column, 0005 not applied.
        let queue = try DatabaseQueue(path: sample.catalog.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                ALTER TABLE steps DROP COLUMN invents;
                DELETE FROM grdb_migrations WHERE identifier = '0005_step_invents';
                """)
        }
        try queue.close()

        let reopened = try Catalog(path: sample.catalog.path, migrations: try MigrationSet(directory: repositoryMigrations))
        #expect(try invented(in: reopened) == ["colorize": "colors", "detect-damage": nil, "inpaint": "image-content",
                                               "restore-color": nil, "sharpen": nil])
        #expect(throws: (any Error).self, "the append-only trigger is back") {
            try reopened.pool.write { try $0.execute(sql: "UPDATE steps SET invents = NULL") }
        }
    }

    /// `invents` by stage name, every step of the catalog.
    private func invented(in catalog: Catalog) throws -> [String: String?] {
        let rows = try catalog.pool.read { try Row.fetchAll($0, sql: "SELECT stage, invents FROM steps") }
        return Dictionary(rows.map { ($0["stage"] as String, $0["invents"] as String?) }, uniquingKeysWith: { first, _ in first })
    }
}
