import GRDB

/// Counts that say how a catalog's work stands, for `conservator status`.
public struct CatalogStatus: Sendable, Equatable, Codable {
    /// One recent problem: a quarantine, or a job that failed for good.
    public struct Problem: Sendable, Equatable, Codable {
        public var objectId: Int64
        public var path: String?
        public var detail: String
        public var occurredAt: String
    }

    /// Accepted originals.
    public var originals: Int
    /// Files recorded as quarantined.
    public var quarantined: Int
    /// Jobs waiting to run.
    public var queued: Int
    /// Jobs being run now (or left running by a process that died: they run again at the next start).
    public var running: Int
    /// Jobs finished.
    public var done: Int
    /// Jobs that failed on every attempt.
    public var failed: Int
    /// Originals recorded in the last hour and the last 24 hours.
    public var recordedLastHour: Int
    public var recordedLastDay: Int
    /// The most recent problems, newest first.
    public var recentProblems: [Problem]
}

extension Catalog {
    /// How the catalog's work stands now (`now` is the reference time, for tests).
    public func status(now: String = Timestamp.now(), problemLimit: Int = 5) throws -> CatalogStatus {
        try pool.read { db in
            func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
            }
            let jobs = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT state, COUNT(*) AS n FROM jobs GROUP BY state
                """).map { (row: Row) -> (String, Int) in (row["state"], row["n"]) })
            let date = Timestamp.parse(now) ?? .now
            let hourAgo = Timestamp.format(date.addingTimeInterval(-3600))
            let dayAgo = Timestamp.format(date.addingTimeInterval(-86400))
            // the unary + steers SQLite to the created_at range (recent rows) rather than the (kind, status)
            // index, which would read every accepted original to test its date
            let recorded = "SELECT COUNT(*) FROM objects WHERE +kind = 'original' AND status = 'accepted' AND created_at >= ?"
            let problems = try Row.fetchAll(db, sql: """
                SELECT e.object_id, e.detail, e.occurred_at,
                       (SELECT path FROM object_paths p WHERE p.object_id = e.object_id ORDER BY p.id LIMIT 1) AS path
                FROM events e WHERE e.type = 'qua'
                UNION ALL
                SELECT j.object_id, 'job ' || j.id || ' (' || j.pipeline || ') failed: ' || COALESCE(j.last_error, ''),
                       j.updated_at,
                       (SELECT path FROM object_paths p WHERE p.object_id = j.object_id ORDER BY p.id LIMIT 1)
                FROM jobs j WHERE j.state = 'failed'
                ORDER BY 3 DESC LIMIT ?
                """, arguments: [problemLimit]).map { row in
                CatalogStatus.Problem(objectId: row[0], path: row[3], detail: row[1], occurredAt: row[2])
            }
            return CatalogStatus(
                originals: try count("SELECT COUNT(*) FROM objects WHERE kind = 'original' AND status = 'accepted'"),
                quarantined: try count("SELECT COUNT(*) FROM objects WHERE kind = 'original' AND status = 'quarantined'"),
                queued: jobs["queued"] ?? 0, running: jobs["running"] ?? 0, done: jobs["done"] ?? 0,
                failed: jobs["failed"] ?? 0,
                recordedLastHour: try count(recorded, [hourAgo]), recordedLastDay: try count(recorded, [dayAgo]),
                recentProblems: problems)
        }
    }
}
