import GRDB

/// A pipeline job as the daemon claims it.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var objectID: Int64
    public var pipeline: String
    /// Attempts so far, this one included.
    public var attempts: Int
}

extension Catalog {
    /// Queues pipeline `pipeline` for original `objectID`, unless a job for the pair exists in any state.
    /// Returns whether a job was added.
    @discardableResult
    public func enqueueJob(objectID: Int64, pipeline: String) throws -> Bool {
        try pool.write { db in
            let now = Timestamp.now()
            try db.execute(sql: """
                INSERT OR IGNORE INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                VALUES (?, ?, 'queued', 0, ?, ?)
                """, arguments: [objectID, pipeline, now, now])
            return db.changesCount > 0
        }
    }

    /// Queues `pipeline` for every accepted original ever seen below `folder` that has no job for it yet —
    /// what a crash between recording a file and queueing its job would have left out. Returns how many.
    @discardableResult
    public func enqueueMissingJobs(under folder: String, pipeline: String) throws -> Int {
        try pool.write { db in
            let now = Timestamp.now()
            try db.execute(sql: """
                INSERT OR IGNORE INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                SELECT DISTINCT o.id, ?, 'queued', 0, ?, ? FROM objects o JOIN object_paths p ON p.object_id = o.id
                WHERE o.kind = 'original' AND o.status = 'accepted' AND substr(p.path, 1, ?) = ?
                """, arguments: [pipeline, now, now, folder.count + 1, folder + "/"])
            return db.changesCount
        }
    }

    /// Puts jobs left `running` by a process that died back in the queue, or marks them `failed` once they
    /// have been claimed `maxAttempts` times: a job that kills its worker (out of memory, say) must not be
    /// retried forever. Every claim counts as an attempt, finished or not.
    @discardableResult
    public func requeueInterruptedJobs(maxAttempts: Int) throws -> (requeued: Int, failed: Int) {
        try pool.write { db in
            let now = Timestamp.now()
            try db.execute(sql: """
                UPDATE jobs SET state = 'failed', updated_at = ?,
                                last_error = 'interrupted ' || attempts || ' time(s): the process running it stopped '
                                    || 'before it finished (max-attempts ' || ? || ')'
                WHERE state = 'running' AND attempts >= ?
                """, arguments: [now, maxAttempts, maxAttempts])
            let failed = db.changesCount
            try db.execute(sql: "UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'",
                           arguments: [now])
            return (db.changesCount, failed)
        }
    }

    /// Takes the oldest queued job and marks it running, in one transaction, so two workers never take
    /// the same job.
    public func claimJob() throws -> ClaimedJob? {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, object_id, pipeline, attempts FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1
                """) else { return nil }
            let job = ClaimedJob(id: row["id"], objectID: row["object_id"], pipeline: row["pipeline"],
                                 attempts: row["attempts"] + 1)
            try db.execute(sql: "UPDATE jobs SET state = 'running', attempts = ?, updated_at = ? WHERE id = ?",
                           arguments: [job.attempts, Timestamp.now(), job.id])
            return job
        }
    }

    /// How many jobs wait to run.
    public func queuedJobCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE state = 'queued'") ?? 0 }
    }

    /// Marks a job done.
    public func completeJob(_ id: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ? WHERE id = ?",
                           arguments: [Timestamp.now(), id])
        }
    }

    /// Records why a job failed: back in the queue while it has attempts left, `failed` for good after
    /// `maxAttempts`. Returns whether it failed for good.
    @discardableResult
    public func failJob(_ id: Int64, reason: String, maxAttempts: Int) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,
                                last_error = ?, updated_at = ? WHERE id = ?
                """, arguments: [maxAttempts, reason, Timestamp.now(), id])
            return try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [id]) == "failed"
        }
    }

    /// Whether a run of the pipeline file with this SHA-256 on `objectID` is already recorded: a job whose
    /// process died after recording its run, and before marking the job done, is done.
    public func hasRun(sourceObjectID: Int64, pipelineSHA256: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM runs WHERE source_object_id = ? AND pipeline_sha256 = ?)
                """, arguments: [sourceObjectID, pipelineSHA256]) ?? false
        }
    }

    /// The derivative paths every recorded run names, for telling a run's folder from a stray one.
    public func recordedDerivativePaths(ofSource sourceObjectID: Int64) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT derivative_path FROM runs WHERE source_object_id = ?",
                                arguments: [sourceObjectID])
        }
    }
}
