import Catalog
import Foundation
import Synchronization
import Testing

/// The job queue's contract (issue 21), held against both backends: a job goes to one worker at a time under a
/// lease; a lapsed lease frees it for another worker as another attempt; only the holder records the outcome.
@Suite struct JobQueueContractTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let first = JobLease(worker: "station-1", seconds: 10)
    let second = JobLease(worker: "station-2", seconds: 10)

    /// A new catalog holding one original with a `classical` job queued.
    func queuedJob(_ backend: CatalogBackend) throws -> (any CatalogStore, any JobQueue, original: Int64) {
        let store = try backend.makeStore()
        let queue = try store.open()
        let original = try store.addOriginal(sha256: sha("a"), path: "/scans/a.tif", accepted: true)
        #expect(try queue.enqueueJob(objectID: original, pipeline: "classical"))
        #expect(try queue.enqueueJob(objectID: original, pipeline: "classical") == false)
        return (store, queue, original)
    }

    @Test(arguments: CatalogBackend.allCases)
    func aJobIsHeldUntilItsLeaseLapsesThenTakenOverAsAnotherAttempt(_ backend: CatalogBackend) throws {
        let (store, queue, original) = try queuedJob(backend)
        defer { store.remove() }
        let claimed = try #require(try queue.claimJob(first, maxAttempts: 3, now: start))
        #expect(claimed.objectID == original && claimed.pipeline == "classical" && claimed.attempts == 1
                && claimed.lapsedOwner == nil)
        #expect(try queue.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(9)) == nil)

        let taken = try #require(try queue.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(11)))
        #expect(taken.id == claimed.id && taken.attempts == 2 && taken.lapsedOwner == "station-1")
        // the first worker, back from the dead, can no longer record an outcome
        #expect(try queue.completeJob(claimed.id, by: "station-1") == false)
        #expect(try queue.failJob(claimed.id, by: "station-1", reason: "late", maxAttempts: 3) == .notHeld)
        #expect(try queue.openJobCount() == 1)
        #expect(try queue.completeJob(taken.id, by: "station-2"))
        #expect(try queue.openJobCount() == 0)
        #expect(try queue.completeJob(taken.id, by: "station-2") == false)
    }

    @Test(arguments: CatalogBackend.allCases)
    func aRenewedLeaseKeepsTheJob(_ backend: CatalogBackend) throws {
        let (store, queue, _) = try queuedJob(backend)
        defer { store.remove() }
        _ = try #require(try queue.claimJob(first, maxAttempts: 3, now: start))
        #expect(try queue.renewLeases(first, now: start.addingTimeInterval(8)) == 1)
        #expect(try queue.renewLeases(second, now: start.addingTimeInterval(8)) == 0)
        #expect(try queue.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(17)) == nil)
        #expect(try queue.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(19)) != nil)
    }

    @Test(arguments: CatalogBackend.allCases)
    func aJobWhoseWorkersKeepDyingFailsForGoodNamingTheLastOne(_ backend: CatalogBackend) throws {
        let (store, queue, _) = try queuedJob(backend)
        defer { store.remove() }
        var now = start
        for worker in [first, second] {
            _ = try #require(try queue.claimJob(worker, maxAttempts: 2, now: now))
            now = now.addingTimeInterval(11)
        }
        #expect(try queue.claimJob(first, maxAttempts: 2, now: now) == nil)
        #expect(try queue.openJobCount() == 0)
        let errors = try store.failedJobErrors()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("its worker station-2 stopped renewing its lease, 2 time(s) (max-attempts 2)") == true)
    }

    @Test(arguments: CatalogBackend.allCases)
    func aRestartRequeuesOnlyItsOwnJobs(_ backend: CatalogBackend) throws {
        let (store, queue, original) = try queuedJob(backend)
        defer { store.remove() }
        try queue.enqueueJob(objectID: original, pipeline: "archival-repair")
        let mine = try #require(try queue.claimJob(first, maxAttempts: 3, now: start))
        let theirs = try #require(try queue.claimJob(second, maxAttempts: 3, now: start))
        #expect(mine.id != theirs.id)
        #expect(try queue.requeueInterruptedJobs(of: "station-1", maxAttempts: 3) == (requeued: 1, failed: 0))
        #expect(try queue.claimJob(first, maxAttempts: 3, now: start)?.id == mine.id)
        #expect(try queue.failJob(theirs.id, by: "station-2", reason: "disk full", maxAttempts: 3) == .willRetry)
        #expect(try queue.failJob(mine.id, by: "station-1", reason: "disk full", maxAttempts: 2) == .failedForGood)
        #expect(try store.failedJobErrors().first?.contains("disk full") == true)
        // interrupted on its last attempt: failed, not queued again
        let again = try #require(try queue.claimJob(first, maxAttempts: 2, now: start))
        #expect(again.id == theirs.id && again.attempts == 2)
        #expect(try queue.requeueInterruptedJobs(of: "station-1", maxAttempts: 2) == (requeued: 0, failed: 1))
        #expect(try queue.openJobCount() == 0)
    }

    @Test(arguments: CatalogBackend.allCases)
    func missingJobsAreQueuedForAcceptedOriginalsBelowTheFolderOnly(_ backend: CatalogBackend) throws {
        let store = try backend.makeStore()
        defer { store.remove() }
        let queue = try store.open()
        let inside = try store.addOriginal(sha256: sha("1"), path: "/scans/in/a.tif", accepted: true)
        _ = try store.addOriginal(sha256: sha("2"), path: "/scans/in/b.tif", accepted: false)
        _ = try store.addOriginal(sha256: sha("3"), path: "/scans/inside-not/c.tif", accepted: true)
        _ = try store.addOriginal(sha256: sha("4"), path: "/scans/in/d.tif", accepted: true)
        try queue.enqueueJob(objectID: inside, pipeline: "classical")
        #expect(try queue.enqueueMissingJobs(under: "/scans/in", pipeline: "classical") == 1)
        #expect(try queue.enqueueMissingJobs(under: "/scans/in", pipeline: "classical") == 0)
        #expect(try queue.openJobCount() == 2)
    }

    /// Four workers, each with its own connection, claim 40 jobs at once: each job is claimed exactly once.
    @Test(arguments: CatalogBackend.allCases)
    func workersClaimingAtOnceNeverShareAJob(_ backend: CatalogBackend) throws {
        let store = try backend.makeStore()
        defer { store.remove() }
        let queue = try store.open()
        for index in 0..<40 {
            let original = try store.addOriginal(sha256: String(format: "%064x", index + 1), path: "/scans/\(index).tif",
                                                 accepted: true)
            try queue.enqueueJob(objectID: original, pipeline: "classical")
        }
        let workers = try (0..<4).map { _ in try store.open() }
        let claims = Mutex<[String: [Int64]]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: workers.count) { index in
            let lease = JobLease(worker: "worker-\(index)", seconds: 60)
            do {
                while let job = try workers[index].claimJob(lease, maxAttempts: 3) {
                    claims.withLock { $0[lease.worker, default: []].append(job.id) }
                    guard try workers[index].completeJob(job.id, by: lease.worker) else {
                        throw CatalogError.jobNotHeld(job: job.id, worker: lease.worker)
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let all = claims.withLock { $0.values.flatMap { $0 } }
        #expect(all.count == 40 && Set(all).count == 40)
        #expect(try queue.openJobCount() == 0)
    }
}

func sha(_ digit: Character) -> String { String(repeating: digit, count: 64) }
