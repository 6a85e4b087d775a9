import Catalog
import Foundation
import Testing

/// Migration 0011: a run is recorded only while its worker holds the job. The queue's own contract (leases,
/// attempts, fencing of outcomes) is held against both backends in CatalogPostgresTests/JobQueueContractTests.
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
}
