import Foundation
import GRDB

/// A pipeline job as a worker claims it.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var objectID: Int64
    public var pipeline: String
    /// Attempts so far, this one included.
    public var attempts: Int
    /// The worker whose lease on the job lapsed (it died mid-run), when the job was taken from it: its run may
    /// have left staging behind, which the new owner cleans first. `nil` for a job taken from the queue.
    public var lapsedOwner: String?
}

/// Who takes jobs, and how long a claim holds unless renewed (``Catalog/renewLeases(_:)``).
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

public struct JobLease: Sendable, Equatable {
    /// The worker's id, unique among the workers of a catalog (a daemon: its host name; `work`: host and process).
    public var worker: String
    public var seconds: Double

    public init(worker: String, seconds: Double) {
        self.worker = worker
        self.seconds = seconds
    }

    func expiry(from now: Date) -> String { Timestamp.format(now.addingTimeInterval(seconds)) }
}

/// What became of a job its worker reports as failed.
public enum JobFailureOutcome: Sendable, Equatable {
    /// Back in the queue: it has attempts left.
    case willRetry
    /// Failed on its last attempt.
    case failedForGood
    /// The worker no longer held the job (its lease lapsed and another worker took it): nothing recorded.
    case notHeld
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

    /// Puts jobs that `worker` (or a process from before leases) left `running` when it stopped back in the
    /// queue, or marks them `failed` once they have been claimed `maxAttempts` times: a job that kills its worker
    /// (out of memory, say) must not be retried forever. Every claim counts as an attempt, finished or not. Other
    /// workers' jobs are theirs until their leases lapse.
    @discardableResult
    public func requeueInterruptedJobs(of worker: String, maxAttempts: Int) throws -> (requeued: Int, failed: Int) {
        try pool.write { db in
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

    /// Takes a job for `lease.worker`, in one transaction so two workers never hold the same job: first one
    /// whose lease lapsed (its worker died; failed for good instead once it has had `maxAttempts` claims), else
    /// the oldest queued one.
    public func claimJob(_ lease: JobLease, maxAttempts: Int, now: Date = Date()) throws -> ClaimedJob? {
        try pool.write { db in
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
                """, arguments: [job.attempts, lease.worker, lease.expiry(from: now), time, job.id])
            return job
        }
    }

    /// Extends every lease `lease.worker` holds by `lease.seconds` from `now`; returns how many it holds.
    @discardableResult
    public func renewLeases(_ lease: JobLease, now: Date = Date()) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE jobs SET lease_expires_at = ? WHERE state = 'running' AND owner = ?",
                           arguments: [lease.expiry(from: now), lease.worker])
            return db.changesCount
        }
    }

    /// How many jobs wait to run or are running (this worker's or another's, live or with a lapsing lease).
    public func openJobCount() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')") ?? 0
        }
    }

    /// Marks a job `worker` holds done; returns false, recording nothing, when it no longer holds it.
    @discardableResult
    public func completeJob(_ id: Int64, by worker: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = 'done', last_error = NULL, owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND state = 'running' AND owner = ?
                """, arguments: [Timestamp.now(), id, worker])
            return db.changesCount > 0
        }
    }

    /// Records why a job `worker` holds failed: back in the queue while it has attempts left, `failed` for good
    /// after `maxAttempts`; nothing when the worker no longer holds it.
    @discardableResult
    public func failJob(_ id: Int64, by worker: String, reason: String, maxAttempts: Int) throws -> JobFailureOutcome {
        try pool.write { db in
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
