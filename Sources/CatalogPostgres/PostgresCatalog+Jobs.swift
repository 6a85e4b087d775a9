import Catalog
import Foundation
import PostgresNIO

/// The queue in PostgreSQL, for workers on many machines. A claim is one `UPDATE` whose row comes from a
/// `SELECT … FOR UPDATE SKIP LOCKED LIMIT 1`: workers claiming at once lock different rows and never wait for
/// each other, and a row one of them took is skipped by the rest.
extension PostgresCatalog: JobQueue {
    @discardableResult
    public func enqueueJob(objectID: Int64, pipeline: String) throws(CatalogError) -> Bool {
        try session { (session) throws(CatalogError) in
            try session.changes("""
                INSERT INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                VALUES (\(objectID), \(pipeline), 'queued', 0, now(), now())
                ON CONFLICT (object_id, pipeline) DO NOTHING
                """) > 0
        }
    }

    @discardableResult
    public func enqueueMissingJobs(under folder: String, pipeline: String) throws(CatalogError) -> Int {
        try session { (session) throws(CatalogError) in
            try session.changes("""
                INSERT INTO jobs (object_id, pipeline, state, attempts, created_at, updated_at)
                SELECT DISTINCT o.id, \(pipeline), 'queued', 0, now(), now()
                FROM objects o JOIN object_paths p ON p.object_id = o.id
                WHERE o.kind = 'original' AND o.status = 'accepted' AND starts_with(p.path, \(folder + "/"))
                ON CONFLICT (object_id, pipeline) DO NOTHING
                """)
        }
    }

    @discardableResult
    public func requeueInterruptedJobs(of worker: String, maxAttempts: Int) throws(CatalogError) -> (requeued: Int, failed: Int) {
        try transaction { (session) throws(CatalogError) in
            let failed = try session.changes("""
                UPDATE jobs SET state = 'failed', owner = NULL, lease_expires_at = NULL, updated_at = now(),
                                last_error = 'interrupted ' || attempts || ' time(s): the process running it stopped '
                                    || 'before it finished (max-attempts ' || \(maxAttempts) || ')'
                WHERE state = 'running' AND (owner IS NULL OR owner = \(worker)) AND attempts >= \(maxAttempts)
                """)
            let requeued = try session.changes("""
                UPDATE jobs SET state = 'queued', owner = NULL, lease_expires_at = NULL, updated_at = now()
                WHERE state = 'running' AND (owner IS NULL OR owner = \(worker))
                """)
            return (requeued, failed)
        }
    }

    public func claimJob(_ lease: JobLease, maxAttempts: Int, now: Date) throws(CatalogError) -> ClaimedJob? {
        let expiry = lease.expiry(after: now)
        return try session { (session) throws(CatalogError) -> ClaimedJob? in
            try session.run("""
                UPDATE jobs SET state = 'failed', last_error = 'its worker ' || owner || ' stopped renewing its lease, '
                                    || attempts || ' time(s) (max-attempts ' || \(maxAttempts) || ')',
                                owner = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE state = 'running' AND lease_expires_at < \(now) AND attempts >= \(maxAttempts)
                """)
            // A lapsed lease first: its original waited longest.
            let lapsed = try session.run("""
                UPDATE jobs j SET attempts = j.attempts + 1, owner = \(lease.worker), lease_expires_at = \(expiry),
                                  updated_at = \(now)
                FROM (SELECT id, owner FROM jobs WHERE state = 'running' AND lease_expires_at < \(now)
                      ORDER BY lease_expires_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) taken
                WHERE j.id = taken.id
                RETURNING j.id, j.object_id, j.pipeline, j.attempts, taken.owner
                """)
            var claimed = lapsed.rows.first
            if claimed == nil { claimed = try session.run("""
                UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, owner = \(lease.worker),
                                  lease_expires_at = \(expiry), updated_at = \(now)
                FROM (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) taken
                WHERE j.id = taken.id
                RETURNING j.id, j.object_id, j.pipeline, j.attempts, NULL::text
                """).rows.first }
            guard let claimed else { return nil }
            let (id, objectID, pipeline, attempts, lapsedOwner) = try Session.columns(
                (Int64, Int64, String, Int32, String?).self, claimed)
            return ClaimedJob(id: id, objectID: objectID, pipeline: pipeline, attempts: Int(attempts),
                              lapsedOwner: lapsedOwner)
        }
    }

    @discardableResult
    public func renewLeases(_ lease: JobLease, now: Date) throws(CatalogError) -> Int {
        try session { (session) throws(CatalogError) in
            try session.changes("""
                UPDATE jobs SET lease_expires_at = \(lease.expiry(after: now))
                WHERE state = 'running' AND owner = \(lease.worker)
                """)
        }
    }

    @discardableResult
    public func completeJob(_ id: Int64, by worker: String) throws(CatalogError) -> Bool {
        try session { (session) throws(CatalogError) in
            try session.changes("""
                UPDATE jobs SET state = 'done', last_error = NULL, owner = NULL, lease_expires_at = NULL,
                                updated_at = now()
                WHERE id = \(id) AND state = 'running' AND owner = \(worker)
                """) > 0
        }
    }

    @discardableResult
    public func failJob(_ id: Int64, by worker: String, reason: String, maxAttempts: Int) throws(CatalogError) -> JobFailureOutcome {
        try session { (session) throws(CatalogError) -> JobFailureOutcome in
            let row = try session.run("""
                UPDATE jobs SET state = CASE WHEN attempts >= \(maxAttempts) THEN 'failed' ELSE 'queued' END,
                                owner = NULL, lease_expires_at = NULL, last_error = \(reason), updated_at = now()
                WHERE id = \(id) AND state = 'running' AND owner = \(worker)
                RETURNING state
                """).rows.first
            guard let row else { return .notHeld }
            return try Session.value(String.self, row) == "failed" ? .failedForGood : .willRetry
        }
    }

    public func openJobCount() throws(CatalogError) -> Int {
        try session { (session) throws(CatalogError) in
            let rows = try session.run("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").rows
            return try Int(Session.value(Int64.self, rows[0]))
        }
    }
}
