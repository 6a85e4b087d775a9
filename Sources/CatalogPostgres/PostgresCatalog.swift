import Catalog
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The catalog in a PostgreSQL database, for several workers on several machines (issue 21; the plan and what
/// is implemented so far: docs/CATALOG-BACKENDS.md).
///
/// The catalog protocols are synchronous, as GRDB is and as the daemon's worker threads call them. This type
/// holds one connection on PostgresNIO's event loop and waits for each answer on the caller's thread (never on
/// the event loop); a lock serializes calls, one connection being what a worker process needs. A connection the
/// server closed (a restart) is opened again at the next call.
public final class PostgresCatalog: Sendable {
    public let location: PostgresLocation
    private let password: String?
    private let logger: Logger
    private let connection: Mutex<PostgresConnection?>

    /// Connects to the catalog at `location` and brings its schema up to date with `migrations` (the
    /// `Migrations/postgres` files; see ``Catalog/MigrationSet/postgres()``).
    public init(location: PostgresLocation, migrations: MigrationSet,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(CatalogError) {
        self.location = location
        password = location.password(environment: environment)
        var logger = Logger(label: "conservator.catalog.postgres")
        logger.logLevel = .warning
        self.logger = logger
        connection = Mutex(nil)
        try migrate(with: migrations)
    }

    deinit {
        // PostgresNIO requires a connection closed before it goes.
        connection.withLock { held in _ = try? held?.close().wait() }
    }

    /// Runs `body` on this catalog's connection, alone (see the type's description).
    func session<T>(_ body: (Session) throws(CatalogError) -> T) throws(CatalogError) -> T {
        try connection.withLock { (held: inout PostgresConnection?) throws(CatalogError) -> T in
            if held?.isClosed ?? true { held = try open() }
            return try body(Session(connection: held!, logger: logger))
        }
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: (Session) throws(CatalogError) -> T) throws(CatalogError) -> T {
        try session { (session) throws(CatalogError) -> T in
            try session.run("BEGIN")
            do throws(CatalogError) {
                let value = try body(session)
                try session.run("COMMIT")
                return value
            } catch {
                _ = try? session.run("ROLLBACK")
                throw error
            }
        }
    }

    private func open() throws(CatalogError) -> PostgresConnection {
        let configuration: PostgresConnection.Configuration = switch location.endpoint {
        case let .tcp(host, port):
            .init(host: host, port: port, username: location.user, password: password, database: location.database,
                  tls: .disable)
        case let .socket(folder, port):
            .init(unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: location.user, password: password,
                  database: location.database)
        }
        do {
            return try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(),
                                                  configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            throw .cannotOpen(path: location.description, cause: Self.describe(error))
        }
    }

    private func migrate(with migrations: MigrationSet) throws(CatalogError) {
        try session { (session) throws(CatalogError) in
            // Two workers starting at once: the second waits here, then finds every file applied.
            try session.run("SELECT pg_advisory_lock(\(Self.migrationLock))")
            defer { _ = try? session.run("SELECT pg_advisory_unlock(\(Self.migrationLock))") }
            try session.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = try Set(session.run("SELECT identifier FROM schema_migrations").rows.map {
                (row) throws(CatalogError) in try Session.value(String.self, row)
            })
            let unknown = applied.subtracting(migrations.files.map(\.identifier))
            guard unknown.isEmpty else {
                throw .newerSchema(path: location.description, unknownMigrations: unknown.sorted())
            }
            for file in migrations.files where !applied.contains(file.identifier) {
                do {
                    try session.run("BEGIN")
                    for statement in SQLScript.statements(in: file.sql) {
                        try session.run(PostgresQuery(unsafeSQL: statement))
                    }
                    try session.run("INSERT INTO schema_migrations (identifier) VALUES (\(file.identifier))")
                    try session.run("COMMIT")
                } catch {
                    _ = try? session.run("ROLLBACK")
                    throw .badMigration(file: file.identifier, cause: "\(error)")
                }
            }
        }
    }

    /// The identifiers of the migrations applied to this catalog, in order.
    public func appliedMigrations() throws(CatalogError) -> [String] {
        try session { (session) throws(CatalogError) in
            try session.run("SELECT identifier FROM schema_migrations ORDER BY identifier").rows.map {
                (row) throws(CatalogError) in try Session.value(String.self, row)
            }
        }
    }

    /// The advisory lock key migrations hold: "cons" in ASCII, so other applications' keys do not collide.
    private static let migrationLock: Int64 = 0x636f_6e73

    /// The server's message for an error it reported, else the error as PostgresNIO describes it.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return String(reflecting: error)
        }
        return "\(error)"
    }
}

/// One caller's turn on the connection.
struct Session {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func run(_ query: PostgresQuery) throws(CatalogError) -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw .database(cause: PostgresCatalog.describe(error))
        }
    }

    /// How many rows the statement changed.
    func changes(_ query: PostgresQuery) throws(CatalogError) -> Int {
        try run(query).metadata.rows ?? 0
    }

    static func value<T: PostgresDecodable>(_ type: T.Type, _ row: PostgresRow) throws(CatalogError) -> T {
        do {
            return try row.decode(T.self)
        } catch {
            throw .database(cause: "unexpected column in the catalog's answer: \(PostgresCatalog.describe(error))")
        }
    }

    static func columns<each Column: PostgresDecodable>(
        _ columns: (repeat each Column).Type, _ row: PostgresRow
    ) throws(CatalogError) -> (repeat each Column) {
        do {
            return try row.decode(columns)
        } catch {
            throw .database(cause: "unexpected columns in the catalog's answer: \(PostgresCatalog.describe(error))")
        }
    }
}

extension MigrationSet {
    /// The PostgreSQL catalog's migrations: the `postgres` folder beside the SQLite ones.
    public func postgres() throws(CatalogError) -> MigrationSet {
        try MigrationSet(directory: directory.appendingPathComponent("postgres"))
    }
}
