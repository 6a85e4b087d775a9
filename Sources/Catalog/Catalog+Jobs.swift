import Foundation
import GRDB

/// A claimed job and the worker holding it: what a run recorded for the job is fenced by
/// (``Catalog/recordRun(_:holding:)``).
public struct HeldJob: Sendable, Equatable {
    public var id: Int64
    public var worker: String

    public init(id: Int64, worker: String) {
        self.id = id
        self.worker = worker
    }
}

/// The queue in the SQLite catalog: a claim is one write transaction, which SQLite serializes (one writer at
/// a time), so two workers never hold the same job.
extension Catalog: JobQueue {
    @discardableResult
    public func enqueueJob(objectID: Int64, pipeline: String) throws(CatalogError) -> Bool {
        try write { db in
            let now = Timestamp.now()
            try db.execute(sql: """
                INSERT OR IGNORE INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                VALUES (?, ?, 'queued', 0, ?, ?)
                """, arguments: [objectID, pipeline, now, now])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func enqueueMissingJobs(under folder: String, pipeline: String) throws(CatalogError) -> Int {
        try write { db in
            let now = Timestamp.now()
            try db.execute(sql: """
                INSERT OR IGNORE INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                SELECT DISTINCT o.id, ?, 'queued', 0, ?, ? FROM objects o JOIN object_paths p ON p.object_id = o.id
                WHERE o.kind = 'original' AND o.status = 'accepted' AND substr(p.path, 1, ?) = ?
                """, arguments: [pipeline, now, now, folder.count + 1, folder + "/"])
            return db.changesCount
        }
    }

    @discardableResult
    public func requeueInterruptedJobs(of worker: String, maxAttempts: Int) throws(CatalogError) -> (requeued: Int, failed: Int) {
        try write { db in
            let now = Timestamp.now()
            let mine = "state = 'running' AND (owner IS NULL OR owner = ?)"
            try db.execute(sql: """
                UPDATE jobs SET state = 'failed', owner = NULL, lease_expires_at = NULL, updated_at = ?,
                                last_error = 'interrupted ' || attempts || ' time(s): the process running it stopped '
                                    || 'before it finished (max-attempts ' || ? || ')'
                WHERE \(mine) AND attempts >= ?
                """, arguments: [now, maxAttempts, worker, maxAttempts])
            let failed = db.changesCount
            try db.execute(sql: """
                UPDATE jobs SET state = 'queued', owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE \(mine)
                """, arguments: [now, worker])
            return (db.changesCount, failed)
        }
    }

    public func claimJob(_ lease: JobLease, maxAttempts: Int, now: Date) throws(CatalogError) -> ClaimedJob? {
        try write { db in
            let time = Timestamp.format(now)
            try db.execute(sql: """
                UPDATE jobs SET state = 'failed', last_error = 'its worker ' || owner || ' stopped renewing its lease, '
                                    || attempts || ' time(s) (max-attempts ' || ? || ')',
                                owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE state = 'running' AND lease_expires_at < ? AND attempts >= ?
                """, arguments: [maxAttempts, time, time, maxAttempts])
            let row = try Row.fetchOne(db, sql: """
                SELECT id, object_id, pipeline, attempts, owner FROM jobs
                WHERE state = 'running' AND lease_expires_at < ? ORDER BY lease_expires_at, id LIMIT 1
                """, arguments: [time])
                ?? Row.fetchOne(db, sql: """
                SELECT id, object_id, pipeline, attempts, owner FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1
                """)
            guard let row else { return nil }
            let job = ClaimedJob(id: row["id"], objectID: row["object_id"], pipeline: row["pipeline"],
                                 attempts: row["attempts"] + 1, lapsedOwner: row["owner"])
            try db.execute(sql: """
                UPDATE jobs SET state = 'running', attempts = ?, owner = ?, lease_expires_at = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [job.attempts, lease.worker, Timestamp.format(lease.expiry(after: now)), time, job.id])
            return job
        }
    }

    @discardableResult
    public func renewLeases(_ lease: JobLease, now: Date) throws(CatalogError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE jobs SET lease_expires_at = ? WHERE state = 'running' AND owner = ?",
                           arguments: [Timestamp.format(lease.expiry(after: now)), lease.worker])
            return db.changesCount
        }
    }

    public func openJobCount() throws(CatalogError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')") ?? 0
        }
    }

    @discardableResult
    public func completeJob(_ id: Int64, by worker: String) throws(CatalogError) -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = 'done', last_error = NULL, owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND state = 'running' AND owner = ?
                """, arguments: [Timestamp.now(), id, worker])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func failJob(_ id: Int64, by worker: String, reason: String, maxAttempts: Int) throws(CatalogError) -> JobFailureOutcome {
        try write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,
                                owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ?
                WHERE id = ? AND state = 'running' AND owner = ?
                """, arguments: [maxAttempts, reason, Timestamp.now(), id, worker])
            guard db.changesCount > 0 else { return .notHeld }
            let state = try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [id])
            return state == "failed" ? .failedForGood : .willRetry
        }
    }
}

extension Catalog {
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
