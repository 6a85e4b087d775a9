import GRDB

/// A run awaiting or past review, as the web dashboard's queue lists it.
public struct RunListing: Sendable, Equatable {
    public var runID: Int64
    public var originalID: Int64
    public var pipeline: String
    public var endedAt: String
    public var reviewState: String?
    public var inventedFraction: Double?
}

/// A daemon job, as the web dashboard lists it.
public struct JobListing: Sendable, Equatable {
    public var id: Int64
    public var objectID: Int64
    public var pipeline: String
    /// `queued`, `running`, `done` or `failed`.
    public var state: String
    public var attempts: Int
    /// Why the last attempt failed.
    public var lastError: String?
    public var updatedAt: String
}

extension Catalog {
    /// How many runs are in each review state (`unrecorded`: runs recorded before review states existed).
    public func runCountsByReviewState() throws -> [String: Int] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT coalesce(state, 'unrecorded') AS state, count(*) AS n FROM run_current_states GROUP BY 1
                """).map { (row: Row) -> (String, Int) in (row["state"], row["n"]) })
        }
    }

    /// The runs now in `state` (after any decision), first recorded first: the review queue for `proposed`.
    public func runs(inReviewState state: ReviewState, limit: Int) throws -> [RunListing] {
        try pool.read { db in
            // run ids grow in the order runs are recorded, so the state index gives the queue already in order
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.source_object_id, r.pipeline_name || '@' || r.pipeline_version, r.ended_at, cs.state,
                       r.invented_fraction
                FROM run_current_states cs JOIN runs r ON r.id = cs.run_id
                WHERE cs.state = ? ORDER BY cs.run_id LIMIT ?
                """, arguments: [state.rawValue, limit]).map { row in
                RunListing(runID: row[0], originalID: row[1], pipeline: row[2], endedAt: row[3], reviewState: row[4],
                           inventedFraction: row[5])
            }
        }
    }

    /// The daemon's jobs that are not done (queued, running, failed), most recently changed first.
    public func unfinishedJobs(limit: Int) throws -> [JobListing] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, object_id, pipeline, state, attempts, last_error, updated_at FROM jobs
                WHERE state != 'done' ORDER BY updated_at DESC, id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                JobListing(id: row[0], objectID: row[1], pipeline: row[2], state: row[3], attempts: row[4],
                           lastError: row[5], updatedAt: row[6])
            }
        }
    }

    /// Everything recorded about run `id`: its agents, derivative and steps.
    public func runHistory(_ id: Int64) throws -> RunHistory {
        try pool.read { db in
            guard let run = try Run.fetchOne(db, key: id) else { throw CatalogError.notFound(reference: "run \(id)") }
            return try Self.history(db, of: run)
        }
    }
}
