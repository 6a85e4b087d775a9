import Catalog
@testable import CatalogPostgres
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// What is particular to the PostgreSQL catalog: its schema's invariants, its migrations, its address.
@Suite struct PostgresCatalogTests {
    func newStore() throws -> PostgresStore {
        let store = PostgresStore(location: try TemporaryPostgres.shared.get().makeDatabase())
        _ = try store.open()
        return store
    }

    /// The archive's record cannot be rewritten, by Conservator or any other client: the same rules as the SQLite
    /// catalog's triggers.
    @Test func originalsAndTheirEventsCannotBeChangedOrDeleted() throws {
        let store = try newStore()
        let id = try store.addOriginal(sha256: sha("a"), path: "/scans/a.tif", accepted: true)
        _ = try store.sql("INSERT INTO events (object_id, type, outcome, detail, occurred_at) VALUES (\(id), 'ing', 'suc', 'received', now())")
        let refusals: [(PostgresQuery, String)] = [
            ("UPDATE objects SET sha256 = \(sha("b")) WHERE id = \(id)", "objects are immutable"),
            ("UPDATE objects SET width = 99 WHERE id = \(id)", "objects are immutable"),
            ("DELETE FROM objects WHERE id = \(id)", "objects are never deleted"),
            ("TRUNCATE objects CASCADE", "objects is never truncated"),
            ("UPDATE events SET detail = 'rewritten' WHERE object_id = \(id)", "events are append-only"),
            ("DELETE FROM events WHERE object_id = \(id)", "events are append-only"),
            ("TRUNCATE events CASCADE", "events is never truncated"),
        ]
        for (statement, message) in refusals {
            let error = #expect(throws: PSQLError.self, "\(statement.sql)") { try store.sql(statement) }
            #expect(error?.serverInfo?[.message]?.contains(message) == true, "\(statement.sql)")
        }
        // what may change does: a quarantined file's status, and the PRONOM identification once
        _ = try store.sql("UPDATE objects SET pronom_puid = 'fmt/353' WHERE id = \(id)")
        #expect(throws: PSQLError.self) { try store.sql("UPDATE objects SET pronom_puid = 'fmt/354' WHERE id = \(id)") }
        let rows = try store.sql("SELECT count(*) FROM events WHERE object_id = \(id) AND detail = 'received'")
        #expect(try rows.first?.decode(Int64.self) == 1)
    }

    /// Opening applies each migration once, also when several workers start at the same moment; a catalog that a
    /// newer Conservator migrated is refused by name.
    @Test func migrationsApplyOnceEvenWhenWorkersStartTogether() throws {
        let location = try TemporaryPostgres.shared.get().makeDatabase()
        let migrations = try MigrationSet(directory: repositoryMigrations).postgres()
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { _ = try PostgresCatalog(location: location, migrations: migrations) } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let catalog = try PostgresCatalog(location: location, migrations: migrations)
        #expect(try catalog.appliedMigrations() == migrations.files.map(\.identifier))

        let store = PostgresStore(location: location)
        _ = try store.sql("INSERT INTO schema_migrations (identifier) VALUES ('9999_from_the_future')")
        let error = #expect(throws: CatalogError.self) { try PostgresCatalog(location: location, migrations: migrations) }
        #expect(error?.description.contains("unknown migrations: 9999_from_the_future") == true)
    }

    @Test func aServerThatIsNotThereIsNamedInTheError() throws {
        let folder = try TemporaryPostgres.shared.get().folder.path
        let location = try PostgresLocation("postgres://conservator@:5433/nowhere?host=\(folder)")
        let error = #expect(throws: CatalogError.self) {
            try PostgresCatalog(location: location, migrations: MigrationSet(directory: repositoryMigrations).postgres())
        }
        #expect(error?.description.hasPrefix("cannot open catalog postgres://conservator@:5433/nowhere?host=") == true)
    }

    @Test func addressesAreReadAsLibpqReadsThemAndNeverHoldAPassword() throws {
        let tcp = try PostgresLocation("postgres://worker@db.example.org:6543/catalog")
        #expect(tcp.endpoint == .tcp(host: "db.example.org", port: 6543) && tcp.user == "worker" && tcp.database == "catalog")
        let socket = try PostgresLocation("postgresql://worker@/catalog?host=/run/postgresql")
        #expect(socket.endpoint == .socket(folder: "/run/postgresql", port: 5432))
        for (address, cause) in [("postgres://worker:secret@db/catalog", "holds a password"),
                                 ("postgres://db/catalog", "names no user"),
                                 ("postgres://worker@db/", "names no database"),
                                 ("mysql://worker:secret@db/catalog", "not a postgres://")] {
            let error = #expect(throws: CatalogError.self, "\(address)") { try PostgresLocation(address) }
            #expect(error?.description.contains(cause) == true, "\(address): \(error?.description ?? "")")
            #expect(error?.description.contains("secret") == false)
        }
    }

    @Test func thePasswordComesFromThePasswordFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            # comment
            other.example.org:6543:catalog:worker:wrong
            db.example.org:6543:catalog:worker:pa\\:ss
            *:*:*:worker:fallback
            """.write(to: file, atomically: true, encoding: .utf8)
        let environment = ["PGPASSFILE": file.path]
        #expect(try PostgresLocation("postgres://worker@db.example.org:6543/catalog").password(environment: environment) == "pa:ss")
        #expect(try PostgresLocation("postgres://worker@elsewhere/catalog").password(environment: environment) == "fallback")
        #expect(try PostgresLocation("postgres://curator@db.example.org:6543/catalog").password(environment: environment) == nil)
    }

    @Test func aMigrationFileIsCutAtSemicolonsOutsideQuotesCommentsAndFunctionBodies() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (t text DEFAULT 'x;y');
            /* block; comment */
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'no; never'; END;
            $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            SELECT $1
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 4)
        #expect(statements[0] == "CREATE TABLE a (t text DEFAULT 'x;y')")
        #expect(statements[1].hasPrefix("CREATE FUNCTION f()") && statements[1].hasSuffix("END;\n$$"))
        #expect(statements[2] == "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$")
        #expect(statements[3] == "SELECT $1")
    }
}
