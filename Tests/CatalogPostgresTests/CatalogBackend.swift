import Catalog
import CatalogPostgres
import Foundation
import PostgresNIO
import Testing

/// The repository's Migrations/ folder, found from this file's location (tests run from any directory).
let repositoryMigrations = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Migrations")

/// The two catalog backends, for suites that hold both to one contract.
enum CatalogBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty catalog of this kind.
    func makeStore() throws -> CatalogStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-contract-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return SQLiteStore(path: folder.appendingPathComponent("catalog.db").path, folder: folder)
        case .postgres:
            return PostgresStore(location: try TemporaryPostgres.shared.get().makeDatabase())
        }
    }
}

/// One catalog under test: new handles on it (one per simulated worker), and what the tests need to set up and
/// read that the protocols under test do not offer.
protocol CatalogStore: Sendable {
    /// A new handle on the catalog, as another worker process would open it.
    func open() throws -> any JobQueue
    /// Records an accepted (or quarantined) original at `path`; returns its id.
    func addOriginal(sha256: String, path: String, accepted: Bool) throws -> Int64
    /// The `last_error` of every job that failed for good.
    func failedJobErrors() throws -> [String]
    /// Removes what the store made.
    func remove()
}

struct SQLiteStore: CatalogStore {
    let path: String
    let folder: URL

    func open() throws -> any JobQueue { try catalog() }

    private func catalog() throws -> Catalog {
        try Catalog(path: path, migrations: MigrationSet(directory: repositoryMigrations))
    }

    func addOriginal(sha256: String, path: String, accepted: Bool) throws -> Int64 {
        let object = StoredObject(status: accepted ? .accepted : .quarantined, sha256: sha256, size: 10,
                                  format: "tiff", quarantineReason: accepted ? nil : "not an image")
        let agent = Agent(type: .software, name: "contract tests", version: "1")
        switch try catalog().record(NewObject(object: object, path: path, metadata: [], events: []), by: agent) {
        case let .inserted(id): return id
        default: throw CatalogError.notFound(reference: path)
        }
    }

    func failedJobErrors() throws -> [String] {
        try catalog().status(problemLimit: 100).recentProblems.map(\.detail)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

struct PostgresStore: CatalogStore {
    let location: PostgresLocation

    func open() throws -> any JobQueue {
        try PostgresCatalog(location: location, migrations: MigrationSet(directory: repositoryMigrations).postgres())
    }

    func addOriginal(sha256: String, path: String, accepted: Bool) throws -> Int64 {
        _ = try open()  // the schema
        return try sql("""
            WITH o AS (INSERT INTO objects (kind, status, sha256, size, format, quarantine_reason, created_at)
                       VALUES ('original', \(accepted ? "accepted" : "quarantined"), \(sha256), 10, 'tiff',
                               \(accepted ? nil : "not an image"), now()) RETURNING id)
            INSERT INTO object_paths (object_id, path, first_seen) SELECT id, \(path), now() FROM o RETURNING object_id
            """).first!.decode(Int64.self)
    }

    func failedJobErrors() throws -> [String] {
        try sql("SELECT last_error FROM jobs WHERE state = 'failed'").map { try $0.decode(String.self) }
    }

    /// Runs `query` on a connection of the test's own.
    @discardableResult
    func sql(_ query: PostgresQuery) throws -> [PostgresRow] {
        try TemporaryPostgres.shared.get().withConnection(database: location.database) { connection in
            try connection.query(query, logger: .init(label: "tests")).wait().rows
        }
    }

    func remove() {}
}
