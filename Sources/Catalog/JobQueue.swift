import Foundation

/// The pipeline job queue that workers share (issue 21): each job goes to one live worker under a lease the worker
/// renews; a job whose lease lapsed (worker killed, machine gone) is claimed again, which counts as an attempt.
/// Only the job's current owner may mark it done or failed. The SQLite catalog and the PostgreSQL one implement it
/// with the same semantics; `JobQueueContractTests` hold both to them.
public protocol JobQueue: Sendable {
    /// Queues `pipeline` for original `objectID`, unless a job for the pair exists in any state. Returns whether a
    /// job was added.
    @discardableResult
    func enqueueJob(objectID: Int64, pipeline: String) throws(CatalogError) -> Bool

    /// Queues `pipeline` for every accepted original ever seen below `folder` that has no job for it yet (what a
    /// crash between recording a file and queueing its job left out). Returns how many.
    @discardableResult
    func enqueueMissingJobs(under folder: String, pipeline: String) throws(CatalogError) -> Int

    /// Puts the jobs `worker` (or a process from before leases) left `running` back in the queue, or marks them
    /// `failed` once they have been claimed `maxAttempts` times: a job that kills its worker must not be retried
    /// forever. Other workers' jobs stay theirs until their leases lapse.
    @discardableResult
    func requeueInterruptedJobs(of worker: String, maxAttempts: Int) throws(CatalogError) -> (requeued: Int, failed: Int)

    /// Takes a job for `lease.worker`, never one another worker holds: first one whose lease lapsed before `now`
    /// (failed for good instead once it has had `maxAttempts` claims), else the oldest queued one.
    func claimJob(_ lease: JobLease, maxAttempts: Int, now: Date) throws(CatalogError) -> ClaimedJob?

    /// Extends every lease `lease.worker` holds to `lease.seconds` after `now`; returns how many it holds.
    @discardableResult
    func renewLeases(_ lease: JobLease, now: Date) throws(CatalogError) -> Int

    /// Marks a job `worker` holds done; returns false, recording nothing, when it no longer holds it.
    @discardableResult
    func completeJob(_ id: Int64, by worker: String) throws(CatalogError) -> Bool

    /// Records why a job `worker` holds failed: back in the queue while it has attempts left, `failed` for good
    /// after `maxAttempts`; nothing when the worker no longer holds it.
    @discardableResult
    func failJob(_ id: Int64, by worker: String, reason: String, maxAttempts: Int) throws(CatalogError) -> JobFailureOutcome

    /// How many jobs wait to run or are running (this worker's or another's, live or with a lapsing lease).
    func openJobCount() throws(CatalogError) -> Int
}

extension JobQueue {
    /// ``claimJob(_:maxAttempts:now:)`` at the current time.
    public func claimJob(_ lease: JobLease, maxAttempts: Int) throws(CatalogError) -> ClaimedJob? {
        try claimJob(lease, maxAttempts: maxAttempts, now: Date())
    }

    /// ``renewLeases(_:now:)`` at the current time.
    @discardableResult
    public func renewLeases(_ lease: JobLease) throws(CatalogError) -> Int {
        try renewLeases(lease, now: Date())
    }
}

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

    public init(id: Int64, objectID: Int64, pipeline: String, attempts: Int, lapsedOwner: String?) {
        self.id = id
        self.objectID = objectID
        self.pipeline = pipeline
        self.attempts = attempts
        self.lapsedOwner = lapsedOwner
    }
}

/// Who takes jobs, and how long a claim holds unless renewed (``JobQueue/renewLeases(_:now:)``).
public struct JobLease: Sendable, Equatable {
    /// The worker's id, unique among the workers of a catalog (a daemon: its host name; `work`: host and process).
    public var worker: String
    public var seconds: Double

    public init(worker: String, seconds: Double) {
        self.worker = worker
        self.seconds = seconds
    }

    /// When a lease taken or renewed at `now` lapses.
    public func expiry(after now: Date) -> Date { now.addingTimeInterval(seconds) }
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
