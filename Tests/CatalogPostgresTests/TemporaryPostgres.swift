import CatalogPostgres
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, `pg_ctl start` listening only
/// on a Unix socket in that folder (no TCP port to collide with), trust authentication for the one user. Run as
/// the `postgres` system user when the tests run as root (the server refuses root). One server for the test
/// process, stopped and removed when the process exits; each test gets a database of its own.
final class TemporaryPostgres: Sendable {
    static let shared = Result { try TemporaryPostgres() }

    let folder: URL
    let port = 5432
    let user = "conservator"
    private let binaries: URL
    private let runAs: String?

    private init() throws {
        binaries = try Self.findBinaries()
        runAs = getuid() == 0 ? "postgres" : nil
        folder = URL(fileURLWithPath: "/tmp/conservator-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        if let runAs { try Self.execute("/bin/chown", [runAs, folder.path], as: nil) }
        try Self.execute(binaries.appendingPathComponent("initdb").path,
                ["-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], as: runAs)
        try Self.execute(binaries.appendingPathComponent("pg_ctl").path,
                ["-D", data, "-l", folder.appendingPathComponent("server.log").path, "-w", "-o",
                 "-k \(folder.path) -c listen_addresses='' -p \(port) -c fsync=off -c max_connections=60", "start"],
                as: runAs)
        let stop: @Sendable () -> Void = { [binaries, data, folder, runAs] in
            _ = try? Self.execute(binaries.appendingPathComponent("pg_ctl").path,
                                  ["-D", data, "-m", "immediate", "-w", "stop"], as: runAs)
            try? FileManager.default.removeItem(at: folder)
        }
        Self.atExit.withLock { $0.append(stop) }
        atexit { TemporaryPostgres.atExit.withLock { actions in actions.forEach { $0() } } }
    }

    private var data: String { folder.appendingPathComponent("data").path }

    /// A new, empty database on this server, and the address of it.
    func makeDatabase() throws -> PostgresLocation {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try withConnection(database: "postgres") { connection in
            _ = try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger).wait()
        }
        return try PostgresLocation("postgres://\(user)@:\(port)/\(name)?host=\(folder.path)")
    }

    /// Runs `body` on a connection of its own to `database` (the tests' own view of the data, beside the catalog's).
    func withConnection<T>(database: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        let configuration = PostgresConnection.Configuration(
            unixSocketPath: folder.appendingPathComponent(".s.PGSQL.\(port)").path, username: user, password: nil,
            database: database)
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(),
                                                        configuration: configuration, id: 2, logger: Self.logger).wait()
        defer { try? connection.close().wait() }
        return try body(connection)
    }

    private static let logger = Logger(label: "tests.postgres")
    private static let atExit = Mutex<[@Sendable () -> Void]>([])

    /// Runs `tool` to its end, as `user` when given. posix_spawn and waitpid rather than Foundation's Process,
    /// whose wait hung here when called from the lazily made `shared` server; the output goes to a file, not a
    /// pipe, because the server pg_ctl starts inherits the descriptors and would hold a pipe open.
    private static func execute(_ tool: String, _ arguments: [String], as user: String?) throws {
        let command = (user.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [tool] + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-pg-tool-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TemporaryPostgresError("cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TemporaryPostgresError("\(command.joined(separator: " ")) failed (status \(status)): \(text)")
        }
    }

    /// Debian's server binaries, newest major version first (`make test` installs the `postgresql` package).
    private static func findBinaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = root.appendingPathComponent(version).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        throw TemporaryPostgresError("""
            no PostgreSQL server in /usr/lib/postgresql/*/bin: install Debian's postgresql package \
            (scripts/bootstrap.sh, which `make test` runs, does)
            """)
    }
}

struct TemporaryPostgresError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
