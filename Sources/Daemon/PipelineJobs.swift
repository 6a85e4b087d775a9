import Catalog
import Foundation
import Ingest
import Logging
import Pipeline
import Restoration

/// The daemon's pipeline work: the jobs queued in the catalog for originals that arrived in a folder with
/// a pipeline, and running them.
///
/// Jobs are durable: queued in the catalog when a file is recorded, claimed under a lease in a transaction,
/// marked done or failed with the reason by the worker holding them. A crash at any moment is repaired at the
/// next start (``prepare()``): jobs this worker left running are queued again (or failed, once interrupted
/// `max-attempts` times), and another worker's once their leases lapse (``run(_:)`` cleans what the dead
/// run staged first); originals recorded
/// whose job was never queued get one; a run cut short before it was recorded is removed (only what its
/// own staging left: see ``AbandonedRuns``); and a job whose run was recorded but not marked done is found
/// done instead of being run twice.
struct PipelineJobs: Sendable {
    private let catalog: Catalog
    /// Where jobs are claimed (the catalog's own queue, or a shared one).
    private let queue: any JobQueue
    private let configuration: DaemonConfiguration
    /// The validated pipelines, by the name folders use.
    private let pipelines: [String: Pipeline]
    private let runner: PipelineRunner
    private let logger: Logger
    /// This worker's claims.
    let lease: JobLease

    /// Reads and validates every pipeline the configuration's folders name (and the models they call for).
    init(configuration: DaemonConfiguration, catalog: Catalog, queue: any JobQueue, pipelinesFolder: String,
         modelsFolder: String, logger: Logger) throws(DaemonError) {
        // One store for the daemon's life: its workers' jobs share the models it keeps loaded.
        let store = ModelStore(directory: modelsFolder, keeping: LoadedModels())
        let reader = PipelineReader(models: store, library: pipelinesFolder)
        var pipelines: [String: Pipeline] = [:]
        for name in Set(configuration.folders.compactMap(\.pipeline)) {
            do {
                pipelines[name] = try reader.read(name)
            } catch {
                throw .invalidPipeline(error.description)
            }
        }
        self.catalog = catalog
        self.queue = queue
        self.configuration = configuration
        self.pipelines = pipelines
        self.logger = logger
        lease = JobLease(worker: configuration.workerID, seconds: configuration.leaseSeconds)
        var runner = PipelineRunner(catalog: catalog, models: store, derivatives: configuration.derivatives,
                                    software: Agent.conservator)
        runner.institution = configuration.institution
        self.runner = runner
    }

    /// Repairs what a crash may have left (see the type's description).
    func prepare() throws {
        let interrupted = try queue.requeueInterruptedJobs(of: lease.worker, maxAttempts: configuration.maxAttempts)
        if interrupted.requeued > 0 { logger.info("re-queued \(interrupted.requeued) job(s) interrupted by a stop") }
        if interrupted.failed > 0 {
            logger.error("""
                \(interrupted.failed) job(s) interrupted on each of their \(configuration.maxAttempts) attempts \
                failed for good (see `conservator status`)
                """)
        }
        for folder in configuration.folders {
            guard let pipeline = folder.pipeline else { continue }
            let added = try queue.enqueueMissingJobs(under: folder.path, pipeline: pipeline)
            if added > 0 { logger.info("queued \(added) job(s) missing for \(folder.path)") }
        }
        // Only what a run's own staging left, and only when the catalog can say it was never recorded
        // (a catalog error here stops the start; see AbandonedRuns).
        for action in try AbandonedRuns.clean(configuration.derivatives, catalog: catalog) {
            logger.warning("\(action)")
        }
    }

    /// Queues the folder's pipeline, if it has one, for original `objectID`.
    func enqueue(objectID: Int64, from folder: DaemonConfiguration.Folder) throws {
        guard let pipeline = folder.pipeline else { return }
        try queue.enqueueJob(objectID: objectID, pipeline: pipeline)
    }

    /// Takes the next job for this worker, if any.
    func claim() throws -> ClaimedJob? {
        try queue.claimJob(lease, maxAttempts: configuration.maxAttempts)
    }

    /// Extends this worker's leases on the jobs it runs.
    func renewLeases() throws {
        try queue.renewLeases(lease)
    }

    /// How many jobs wait or run, any worker's.
    func openJobCount() throws -> Int {
        try queue.openJobCount()
    }

    /// Runs one claimed job and records its outcome. Never throws: a failure is the job's, recorded on it.
    func run(_ job: ClaimedJob) {
        let metadata: Logger.Metadata = ["job": "\(job.id)", "object": "\(job.objectID)", "pipeline": "\(job.pipeline)"]
        do {
            if let lapsed = job.lapsedOwner {
                // Its worker died mid-run: only what that run staged (markers nobody holds) is removed.
                logger.warning("taking over job \(job.id) from \(lapsed), whose lease lapsed", metadata: metadata)
                for action in try AbandonedRuns.clean(configuration.derivatives, catalog: catalog, originals: [job.objectID]) {
                    logger.warning("\(action)", metadata: metadata)
                }
            }
            guard let pipeline = pipelines[job.pipeline] else {
                throw JobFailure("pipeline '\(job.pipeline)' is not configured for any folder any more")
            }
            if try catalog.hasRun(sourceObjectID: job.objectID, pipelineSHA256: pipeline.sha256) {
                try queue.completeJob(job.id, by: lease.worker)
                return
            }
            let original = try catalog.resolve(String(job.objectID))
            let paths = try catalog.heldPaths(of: job.objectID)
            guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw JobFailure("no recorded path holds the original any more")
            }
            let report = try runner.run(pipeline, on: original, from: path, holding: HeldJob(id: job.id, worker: lease.worker))
            guard try queue.completeJob(job.id, by: lease.worker) else {
                // The run is recorded; the job's new owner will find it so (hasRun) rather than run it again.
                logger.warning("job \(job.id) was taken over after this worker's lease lapsed", metadata: metadata)
                return
            }
            logger.info("restored", metadata: metadata.merging(["derivative": "\(report.derivativePath)"]) { $1 })
        } catch PipelineError.jobTakenOver {
            // Another worker holds the job now and records its own run; this one kept nothing.
            logger.warning("job \(job.id) was taken over after this worker's lease lapsed; its run was discarded",
                           metadata: metadata)
        } catch {
            let reason = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
            switch try? queue.failJob(job.id, by: lease.worker, reason: reason, maxAttempts: configuration.maxAttempts) {
            case .failedForGood: logger.error("job failed for good: \(reason)", metadata: metadata)
            case .notHeld: logger.error("job failed after its lease lapsed; its new owner runs it: \(reason)", metadata: metadata)
            case .willRetry, nil: logger.error("job failed, will retry: \(reason)", metadata: metadata)
            }
        }
    }
}

/// Why a job could not run, in words for its `last_error`.
private struct JobFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
