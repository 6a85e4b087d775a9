import Foundation
import GRDB

extension Catalog {
    /// The object a curator means by `reference`: a numeric id, a SHA-256 (or an unambiguous prefix of at
    /// least 8 hex digits), or a path it was ingested from (relative paths are taken from the current
    /// directory).
    public func resolve(_ reference: String) throws -> StoredObject {
        try pool.read { db in
            if let id = Int64(reference), let object = try StoredObject.fetchOne(db, key: id) {
                return object
            }
            let lower = reference.lowercased()
            if lower.count >= 8, lower.count <= 64, lower.allSatisfy(\.isHexDigit) {
                let matches = try StoredObject.fetchAll(
                    db, sql: "SELECT * FROM objects WHERE sha256 LIKE ? || '%' LIMIT 2", arguments: [lower])
                if matches.count > 1 { throw CatalogError.ambiguous(reference: reference, matches: matches.count) }
                if let match = matches.first { return match }
            }
            let absolute = URL(fileURLWithPath: reference).standardizedFileURL.path
            if let object = try StoredObject.fetchOne(db, sql: """
                SELECT o.* FROM objects o JOIN object_paths p ON p.object_id = o.id
                WHERE p.path = ? ORDER BY o.id DESC LIMIT 1
                """, arguments: [absolute]) {
                return object
            }
            throw CatalogError.notFound(reference: reference)
        }
    }

    /// Everything recorded about object `id`.
    public func details(of id: Int64) throws -> ObjectDetails {
        try pool.read { db in try Self.details(db, of: id) }
    }

    static func details(_ db: Database, of id: Int64) throws -> ObjectDetails {
        guard let object = try StoredObject.fetchOne(db, key: id) else {
            throw CatalogError.notFound(reference: String(id))
        }
        let paths = try ObjectPath.filter(Column("object_id") == id).order(Column("id")).fetchAll(db)
        let metadata = try MetadataEntry.filter(Column("object_id") == id).order(Column("position")).fetchAll(db)
        // in the order they happened: a derivative's creation is recorded before the steps that preceded it
        let events = try Event.filter(Column("object_id") == id).order(Column("occurred_at"), Column("id")).fetchAll(db)
        let withAgents = try events.map { event in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.*, ea.role AS role FROM event_agents ea JOIN agents a ON a.id = ea.agent_id
                WHERE ea.event_id = ? ORDER BY a.id
                """, arguments: [event.id])
            let agents = try rows.map { row in AgentRole(agent: try Agent(row: row), role: row["role"]) }
            return EventWithAgents(event: event, agents: agents)
        }
        return ObjectDetails(object: object, paths: paths, metadata: metadata, events: withAgents)
    }

    /// The originals of `status`, with the paths they are expected at (not those Conservator moved them
    /// away from): what a fixity audit must check. Accepted originals all have a SHA-256; a quarantined one
    /// that could not be read at ingest has none, and only its presence can be checked.
    public func fixityTargets(status: StoredObject.Status = .accepted) throws -> [ObjectSummary] {
        try pool.read { db in
            let objects = try StoredObject.fetchAll(db, sql: """
                SELECT * FROM objects WHERE kind = 'original' AND status = ? ORDER BY id
                """, arguments: [status.rawValue])
            return try objects.map { object in
                ObjectSummary(object: object, paths: try Self.paths(db, of: object.id, heldOnly: true))
            }
        }
    }

    /// Every model a recorded step used, by name and version, sorted: what a model recall can find.
    public func modelsUsed() throws -> [NameAndVersion] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT a.name, a.version FROM agents a JOIN steps s ON s.model_agent_id = a.id
                ORDER BY a.name, a.version
                """).map { NameAndVersion(name: $0[0], version: $0[1]) }
        }
    }

    /// The paths object `id` is expected at now (not those Conservator moved it away from), oldest first.
    public func heldPaths(of id: Int64) throws -> [String] {
        try pool.read { db in try Self.paths(db, of: id, heldOnly: true) }
    }

    /// Whether `path` is where the catalog already holds an object whose size is `size`, seen at or after
    /// `modified`: a file the daemon's start-up scan need not hash again.
    public func holds(path: String, size: Int64, modifiedAt modified: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM object_paths p JOIN objects o ON o.id = p.object_id
                               WHERE p.path = ? AND p.released_at IS NULL AND o.size = ? AND p.first_seen >= ?)
                """, arguments: [path, size, modified]) ?? false
        }
    }

    /// Whether any object is expected at `path` now.
    public func holds(path: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM object_paths WHERE path = ? AND released_at IS NULL)",
                              arguments: [path]) ?? false
        }
    }

    /// Every path below `folder` where the catalog expects an object now: what a folder the daemon moves
    /// files into must hold, and all it may hold.
    public func heldPaths(under folder: String) throws -> Set<String> {
        try pool.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT path FROM object_paths WHERE released_at IS NULL AND substr(path, 1, ?) = ?
                """, arguments: [folder.count + 1, folder + "/"]))
        }
    }

    private static func paths(_ db: Database, of id: Int64?, heldOnly: Bool = false) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT path FROM object_paths WHERE object_id = ? \(heldOnly ? "AND released_at IS NULL" : "") ORDER BY id
            """, arguments: [id])
    }
}
