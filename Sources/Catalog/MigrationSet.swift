import Foundation
import GRDB
import Installation

/// The catalog's schema history: the SQL files of `Migrations/`, named `NNNN_name.sql`, applied in the
/// order of their number.
///
/// Migrations are files rather than Swift code so that a DBA can read the whole schema, and so that a
/// landed migration is visibly immutable (editing one is caught in review; GRDB records each applied
/// identifier in `grdb_migrations` and never applies it again).
///
/// Where the folder is found, first match wins:
/// 1. `$CONSERVATOR_MIGRATIONS`, when set;
/// 2. `<prefix>/share/conservator/Migrations`, beside an installed `<prefix>/bin/conservator` (`make install`);
/// 3. a `Migrations/` folder in the executable's directory or any parent that also holds `Package.swift`
///    — the build tree, where the binary lives in `.build/<config>/`.
public struct MigrationSet: Sendable {
    /// One migration file.
    public struct File: Sendable, Equatable {
        /// `NNNN_name`, the identifier recorded in the catalog.
        public let identifier: String
        /// The SQL text.
        public let sql: String
    }

    /// The folder the files came from.
    public let directory: URL
    /// The files, in the order they apply.
    public let files: [File]

    /// Loads every `NNNN_name.sql` in `directory`. Other files are ignored; a `.sql` file without the
    /// numeric prefix, or two files with the same number, is an error rather than a silent skip.
    public init(directory: URL) throws(CatalogError) {
        self.directory = directory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .badMigration(file: directory.path, cause: "cannot list the folder: \(error.localizedDescription)")
        }
        var numbered: [(Int, File)] = []
        for name in names where name.hasSuffix(".sql") {
            let identifier = String(name.dropLast(4))
            let prefix = identifier.prefix { $0.isNumber }
            guard prefix.count == 4, identifier.dropFirst(4).first == "_", let number = Int(prefix) else {
                throw .badMigration(file: name, cause: "name must be NNNN_name.sql")
            }
            if let clash = numbered.first(where: { $0.0 == number }) {
                throw .badMigration(file: name, cause: "number \(prefix) is also used by \(clash.1.identifier).sql")
            }
            let url = directory.appendingPathComponent(name)
            guard let sql = try? String(contentsOf: url, encoding: .utf8) else {
                throw .badMigration(file: url.path, cause: "unreadable or not UTF-8")
            }
            numbered.append((number, File(identifier: identifier, sql: sql)))
        }
        guard !numbered.isEmpty else {
            throw .badMigration(file: directory.path, cause: "the folder holds no NNNN_name.sql files")
        }
        files = numbered.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Finds the migrations folder as described on the type, for a binary at `executable`.
    public static func locate(
        executable: URL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CatalogError) -> MigrationSet {
        let found = InstalledFolder.locate("Migrations", override: "CONSERVATOR_MIGRATIONS",
                                           executable: executable, environment: environment)
        guard let folder = found.folder else { throw .migrationsNotFound(searched: found.searched) }
        return try MigrationSet(directory: folder)
    }

    /// A GRDB migrator that applies these files in order, each in its own transaction.
    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in files {
            let sql = file.sql
            migrator.registerMigration(file.identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}
