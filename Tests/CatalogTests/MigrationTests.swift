@testable import Catalog
import Foundation
import GRDB
import Testing

@Suite struct MigrationTests {
    @Test func freshCatalogAppliesEveryMigrationOnceInWALModeWithForeignKeys() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let set = try MigrationSet(directory: repositoryMigrations)
        let catalog = try makeCatalog(in: dir)
        #expect(try catalog.appliedMigrations() == set.files.map(\.identifier))

        // Reopening applies nothing again.
        let again = try makeCatalog(in: dir)
        #expect(try again.appliedMigrations() == set.files.map(\.identifier))

        let db = try DatabaseQueue(path: catalog.path)
        let mode = try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try db.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        for table in ["objects", "object_paths", "metadata", "agents", "events", "event_agents", "jobs"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let catalog = try makeCatalog(in: dir)
        var orphan = ObjectPath(objectId: 999, path: "/nowhere")
        #expect(throws: (any Error).self) {
            try catalog.pool.write { db in try orphan.insert(db) }
        }
    }

    @Test func migrationFilesMustBeNumberedAndUnique() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "CREATE TABLE a (x);".write(to: dir.appendingPathComponent("0001_first.sql"), atomically: true, encoding: .utf8)
        try "not sql at all".write(to: dir.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        #expect(try MigrationSet(directory: dir).files.map(\.identifier) == ["0001_first"])

        try "CREATE TABLE b (x);".write(to: dir.appendingPathComponent("0001_clash.sql"), atomically: true, encoding: .utf8)
        #expect(throws: CatalogError.self) { try MigrationSet(directory: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("0001_clash.sql"))

        try "CREATE TABLE c (x);".write(to: dir.appendingPathComponent("second.sql"), atomically: true, encoding: .utf8)
        #expect(throws: CatalogError.self) { try MigrationSet(directory: dir) }
    }

    @Test func emptyMigrationsFolderIsAnError() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: CatalogError.self) { try MigrationSet(directory: dir) }
    }

    @Test func failingMigrationIsReportedAndLeavesNoHalfSchema() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let migrations = dir.appendingPathComponent("m")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        try "CREATE TABLE ok (x); CREATE TABLE broken (".write(
            to: migrations.appendingPathComponent("0001_broken.sql"), atomically: true, encoding: .utf8)
        #expect(throws: CatalogError.self) {
            _ = try Catalog(path: dir.appendingPathComponent("c.db").path, migrations: try MigrationSet(directory: migrations))
        }
        let tables = try DatabaseQueue(path: dir.appendingPathComponent("c.db").path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name = 'ok'")
        }
        #expect(tables.isEmpty)
    }

    @Test func catalogFromANewerVersionIsRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let newer = dir.appendingPathComponent("newer")
        try FileManager.default.copyItem(at: repositoryMigrations, to: newer)
        try "CREATE TABLE future (x);".write(to: newer.appendingPathComponent("9999_future.sql"),
                                              atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("c.db").path
        _ = try Catalog(path: path, migrations: try MigrationSet(directory: newer))
        #expect {
            _ = try Catalog(path: path, migrations: try MigrationSet(directory: repositoryMigrations))
        } throws: { error in
            guard case let .newerSchema(_, unknown)? = error as? CatalogError else { return false }
            return unknown == ["9999_future"]
        }
    }

    @Test func locateFindsTheEnvironmentOverrideThenTheInstallPrefixThenTheBuildTree() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Installed layout: <prefix>/bin/conservator and <prefix>/share/conservator/Migrations.
        let share = dir.appendingPathComponent("prefix/share/conservator/Migrations")
        try FileManager.default.createDirectory(at: share.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryMigrations, to: share)
        let installed = dir.appendingPathComponent("prefix/bin/conservator")
        #expect(try MigrationSet.locate(executable: installed, environment: [:]).directory.path == share.path)

        // Build tree: <repo>/.build/debug/conservator beside <repo>/Package.swift.
        let repo = dir.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".build/debug"), withIntermediateDirectories: true)
        try "// manifest".write(to: repo.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryMigrations, to: repo.appendingPathComponent("Migrations"))
        let built = repo.appendingPathComponent(".build/debug/conservator")
        #expect(try MigrationSet.locate(executable: built, environment: [:]).directory.path
                == repo.appendingPathComponent("Migrations").path)

        // The environment wins over both.
        #expect(try MigrationSet.locate(executable: built, environment: ["CONSERVATOR_MIGRATIONS": share.path])
                .directory.path == share.path)

        // Nowhere: the error lists where it looked.
        #expect {
            _ = try MigrationSet.locate(executable: dir.appendingPathComponent("lonely/conservator"), environment: [:])
        } throws: { error in
            guard case let .migrationsNotFound(searched)? = error as? CatalogError else { return false }
            return !searched.isEmpty
        }
    }
}
