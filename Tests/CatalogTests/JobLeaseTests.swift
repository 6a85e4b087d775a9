import Catalog
import Foundation
import Testing

/// Migration 0011: a claim holds a job under a lease in its worker's name; a lapsed lease frees the job for
/// another worker (another attempt), and only the holder records the outcome.
@Suite struct JobLeaseTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let first = JobLease(worker: "station-1", seconds: 10)
    let second = JobLease(worker: "station-2", seconds: 10)

    /// A catalog with one queued job; returns it and the job's original.
    func queuedJob(in directory: URL) throws -> (Catalog, Int64) {
        let catalog = try makeCatalog(in: directory)
        guard case let .inserted(id) = try catalog.record(newOriginal(sha256: sha("a"), path: "/scans/a.tif"), by: testAgent)
        else { throw CatalogError.notFound(reference: "the original") }
        try catalog.enqueueJob(objectID: id, pipeline: "classical")
        return (catalog, id)
    }

    @Test func aJobIsHeldUntilItsLeaseLapsesThenTakenOverAsAnotherAttempt() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, original) = try queuedJob(in: dir)
        let claimed = try #require(try catalog.claimJob(first, maxAttempts: 3, now: start))
        #expect(claimed.objectID == original && claimed.attempts == 1 && claimed.lapsedOwner == nil)
        #expect(try catalog.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(9)) == nil)

        let taken = try #require(try catalog.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(11)))
        #expect(taken.id == claimed.id && taken.attempts == 2 && taken.lapsedOwner == "station-1")
        // the first worker, back from the dead, can no longer record an outcome
        #expect(try catalog.completeJob(claimed.id, by: "station-1") == false)
        #expect(try catalog.failJob(claimed.id, by: "station-1", reason: "late", maxAttempts: 3) == .notHeld)
        #expect(try catalog.status().running == 1)
        #expect(try catalog.completeJob(taken.id, by: "station-2"))
        #expect(try catalog.status().done == 1 && catalog.openJobCount() == 0)
    }

    /// A run made for a job is recorded only while its worker holds the job: the worker whose lease lapsed,
    /// still running when another took the job over, records nothing, so the original gets one run, not two.
    @Test func onlyTheHolderOfAJobRecordsARunForIt() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, original) = try queuedJob(in: dir)
        let claimed = try #require(try catalog.claimJob(first, maxAttempts: 3, now: start))
        let taken = try #require(try catalog.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(11)))
        func run(_ seed: Character) -> NewRun {
            NewRun(sourceObjectID: original,
                   pipeline: Agent(type: .pipeline, name: "classical", version: "1", identifier: sha("p")),
                   software: testAgent,
                   derivative: .init(object: StoredObject(kind: .derivative, status: .accepted, sha256: sha(seed), size: 10,
                                                          format: "tiff", sourceObjectId: original),
                                     path: "/derivatives/\(seed).tif"),
                   steps: [], sidecarPath: "/derivatives/\(seed).json", sidecarSHA256: sha("s"),
                   digitalSourceType: "algorithmicallyEnhanced", aiAltered: false, startedAt: Timestamp.now(),
                   endedAt: Timestamp.now())
        }
        let refused = #expect(throws: CatalogError.self) {
            try catalog.recordRun(run("b"), holding: HeldJob(id: claimed.id, worker: "station-1"))
        }
        #expect(refused?.description == "job \(claimed.id) is no longer held by station-1: its lease lapsed and "
                + "another worker took it over")
        #expect(try catalog.hasRun(sourceObjectID: original, pipelineSHA256: sha("p")) == false)
        _ = try catalog.recordRun(run("c"), holding: HeldJob(id: taken.id, worker: "station-2"))
        #expect(try catalog.hasRun(sourceObjectID: original, pipelineSHA256: sha("p")))
    }

    @Test func aRenewedLeaseKeepsTheJob() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, _) = try queuedJob(in: dir)
        _ = try #require(try catalog.claimJob(first, maxAttempts: 3, now: start))
        #expect(try catalog.renewLeases(first, now: start.addingTimeInterval(8)) == 1)
        #expect(try catalog.renewLeases(second, now: start.addingTimeInterval(8)) == 0)
        #expect(try catalog.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(17)) == nil)
        #expect(try catalog.claimJob(second, maxAttempts: 3, now: start.addingTimeInterval(19)) != nil)
    }

    @Test func aJobWhoseWorkersKeepDyingFailsForGoodNamingTheLastOne() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, _) = try queuedJob(in: dir)
        var now = start
        for worker in [first, second] {
            _ = try #require(try catalog.claimJob(worker, maxAttempts: 2, now: now))
            now = now.addingTimeInterval(11)
        }
        #expect(try catalog.claimJob(first, maxAttempts: 2, now: now) == nil)
        let status = try catalog.status()
        #expect(status.failed == 1 && status.running == 0)
        #expect(status.recentProblems.first?.detail.contains("its worker station-2 stopped renewing its lease, 2 time(s)") == true)
    }

    @Test func aRestartRequeuesOnlyItsOwnJobs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, original) = try queuedJob(in: dir)
        try catalog.enqueueJob(objectID: original, pipeline: "archival-repair")
        let mine = try #require(try catalog.claimJob(first, maxAttempts: 3, now: start))
        let theirs = try #require(try catalog.claimJob(second, maxAttempts: 3, now: start))
        #expect(try catalog.requeueInterruptedJobs(of: "station-1", maxAttempts: 3) == (requeued: 1, failed: 0))
        #expect(try catalog.claimJob(first, maxAttempts: 3, now: start)?.id == mine.id)
        #expect(try catalog.failJob(theirs.id, by: "station-2", reason: "disk full", maxAttempts: 3) == .willRetry)
        #expect(try catalog.failJob(mine.id, by: "station-1", reason: "disk full", maxAttempts: 2) == .failedForGood)
    }
}
