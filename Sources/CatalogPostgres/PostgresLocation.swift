import Catalog
import Foundation

/// Where a PostgreSQL catalog is, as a configuration names it: `postgres://user@host:port/database`, or with
/// `?host=/run/postgresql` for a Unix socket folder, as libpq reads it. A password never appears in the
/// address (it would end up in configuration files and logs): it comes from a password file in libpq's
/// format (`host:port:database:user:password`, `*` matching anything), `PGPASSFILE` or `~/.pgpass`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The folder holding the server's socket `.s.PGSQL.<port>`.
        case socket(folder: String, port: Int)
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String

    /// Parses `address`; an address with a password in it is refused.
    public init(_ address: String) throws(CatalogError) {
        let url = URLComponents(string: address)
        // An error names the address, never a password someone put in it.
        var redacted = url
        if redacted?.password != nil { redacted?.password = "…" }
        let address = redacted?.string ?? "the catalog address"
        guard let url, url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw .cannotOpen(path: address, cause: "not a postgres://user@host:port/database address")
        }
        guard url.password == nil else {
            throw .cannotOpen(path: address, cause: "the address holds a password; put it in a password file "
                + "(PGPASSFILE or ~/.pgpass, host:port:database:user:password) instead")
        }
        guard let user = url.user, !user.isEmpty else {
            throw .cannotOpen(path: address, cause: "the address names no user (postgres://user@host/database)")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw .cannotOpen(path: address, cause: "the address names no database (postgres://user@host/database)")
        }
        let port = url.port ?? 5432
        if let folder = url.queryItems?.first(where: { $0.name == "host" })?.value, folder.hasPrefix("/") {
            endpoint = .socket(folder: folder, port: port)
        } else if let host = url.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw .cannotOpen(path: address, cause: "the address names no host (postgres://user@host/database, "
                + "or ?host=/socket/folder)")
        }
        self.user = user
        self.database = database
    }

    public var description: String {
        switch endpoint {
        case let .tcp(host, port): "postgres://\(user)@\(host):\(port)/\(database)"
        case let .socket(folder, port): "postgres://\(user)@:\(port)/\(database)?host=\(folder)"
        }
    }

    /// The password for this location from the password file the environment names (`PGPASSFILE`, else
    /// `~/.pgpass`); `nil` when there is none (trust or peer authentication).
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let file, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let (host, port): (String, Int) = switch endpoint {
        case let .tcp(host, port): (host, port)
        case let .socket(_, port): ("localhost", port)  // libpq's rule for socket connections
        }
        let wanted = [host, String(port), database, user]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = Self.passwordFileFields(line)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A password-file line's fields: `:` separates them, `\:` and `\\` are a literal colon and backslash.
    static func passwordFileFields(_ line: Substring) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
