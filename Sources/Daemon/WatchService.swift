import Catalog
import Dispatch
import Fixity
import Foundation
import ImageSource
import Ingest
import Installation
import Logging
import Raster
import Synchronization

/// The daemon: watches the configured ingest folders, records each finished file as an original, applies
/// the folder's quarantine and after-ingest policies, and keeps going through bad files.
///
/// Ingest is idempotent (bytes already in the catalog are linked, not recorded again), which is what
/// makes the daemon safe to kill at any moment: on restart the start-up scan finds every file that was
/// not yet recorded, and a file recorded but not yet moved is moved then.
///
/// ```swift
/// let service = WatchService(configuration: configuration, catalog: catalog, logger: logger)
/// let ending = try service.run(once: false, control: control)   // returns on SIGTERM or SIGHUP
/// ```
public final class WatchService: Sendable {
    /// Why ``run(once:control:)`` returned.
    public enum Ending: Sendable, Equatable {
        /// Every file present was processed (`once`), or a stop was requested.
        case stopped
        /// A reload was requested: read the configuration again and run anew.
        case reloadRequested
    }

    public let configuration: DaemonConfiguration
    private let catalog: Catalog
    private let ingest: IngestService
    private let logger: Logger
    /// Paths being processed now, so that a second event for a file in work does not start it twice.
    private let inFlight = Mutex<Set<String>>([])
    /// Pipeline jobs being run now.
    private let jobsInFlight = Atomic<Int>(0)
    /// The folders the daemon writes into (archive, quarantine, derivatives): never scanned or watched as
    /// ingest folders, even when one lies inside an ingest folder.
    private let writtenFolders: Set<String>

    public init(configuration: DaemonConfiguration, catalog: Catalog, logger: Logger) {
        self.configuration = configuration
        self.catalog = catalog
        self.logger = logger
        ingest = IngestService(catalog: catalog, limits: DecodeLimits(maxPixels: configuration.maxPixels),
                               logger: logger)
        writtenFolders = Set(configuration.moveDestinations + [configuration.derivatives])
    }

    /// Processes files until a stop or reload is requested (or, with `once`, until every file present at
    /// the start has been processed and no job is open). Running work is always let finish before returning.
    /// Without `watching` it only takes pipeline jobs (`conservator work`: a restoration worker beside the
    /// machines that ingest); the ingest folders need not exist on this machine.
    public func run(once: Bool, control: DaemonControl, watching: Bool = true) throws(DaemonError) -> Ending {
        // The catalog as opened: should its file be deleted or replaced, everything recorded from then on
        // would go into a file nobody can open again.
        let catalogFile = FileIdentity(path: catalog.path)
        let watcher = try FolderWatcher(excluding: writtenFolders)
        for folder in configuration.folders where watching {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .cannotWatch(folder: folder.path, reason: "no such folder")
            }
            try watcher.watch(folder: folder.path, recursive: folder.recursive)
        }
        if watching {
            logger.info("watching \(configuration.folders.count) folder(s)",
                        metadata: ["folders": .array(configuration.folders.map { .string($0.path) })])
            for folder in configuration.moveDestinations { VerifiedMove.removeAbandonedCopies(in: folder) }
            try checkMoveDestinationsRecorded()
        } else {
            logger.info("taking pipeline jobs only, as worker \(configuration.workerID)")
        }
        let jobs = try PipelineJobs(
            configuration: configuration, catalog: catalog, queue: catalog,
            pipelinesFolder: InstalledFolder.pipelines(configuration.pipelines),
            modelsFolder: InstalledFolder.models(configuration.models),
            logger: logger)
        do {
            try jobs.prepare()
        } catch {
            throw .cannotPrepare(folder: configuration.catalog, reason: "\(error)")
        }
        var window = ArrivalWindow(seconds: configuration.stabilitySeconds)
        for folder in configuration.folders where watching { scan(folder.path, into: &window) }
        var leasesRenewedAt = Date()

        let workers = DispatchSemaphore(value: configuration.workers)
        let running = DispatchGroup()
        var ending = Ending.stopped
        var catalogReplaced = false
        while !control.stopRequested {
            guard catalogFile?.isSameFile(as: FileIdentity(path: catalog.path)) ?? false else {
                logger.critical("the catalog file was deleted or replaced; taking no more work",
                                metadata: ["catalog": "\(catalog.path)"])
                catalogReplaced = true
                break
            }
            if control.takeReloadRequest() {
                ending = .reloadRequested
                break
            }
            let wait = window.secondsToNextSettle().map { min(250, Int32($0 * 1000) + 1) } ?? 250
            for change in watcher.wait(milliseconds: wait) {
                switch change {
                case let .file(path):
                    if folder(of: path) != nil { window.saw(path) }
                case let .folder(path):
                    scan(path, into: &window)
                case .rescan:
                    logger.warning("inotify queue overflowed; scanning every folder again")
                    for folder in configuration.folders { scan(folder.path, into: &window) }
                case let .unnamable(path):
                    quarantineUnnamable(path)
                }
            }
            for path in window.takeSettled() {
                guard let folder = folder(of: path), inFlight.withLock({ $0.insert(path).inserted }) else { continue }
                workers.wait()
                running.enter()
                DispatchQueue.global().async { [self] in
                    defer {
                        inFlight.withLock { _ = $0.remove(path) }
                        workers.signal()
                        running.leave()
                    }
                    process(path, in: folder, jobs: jobs)
                }
            }
            // Renewed from this loop, which never waits long, so a long job keeps its lease.
            if Date().timeIntervalSince(leasesRenewedAt) >= configuration.leaseSeconds / 3 {
                do {
                    try jobs.renewLeases()
                    leasesRenewedAt = Date()
                } catch {
                    logger.warning("cannot renew this worker's job leases: \(error)")
                }
            }
            // Pipeline jobs take the worker slots that arriving files leave free.
            while workers.wait(timeout: .now()) == .success {
                guard let job = (try? jobs.claim()) ?? nil else {
                    workers.signal()
                    break
                }
                jobsInFlight.add(1, ordering: .relaxed)
                running.enter()
                DispatchQueue.global().async { [self] in
                    defer {
                        jobsInFlight.subtract(1, ordering: .relaxed)
                        workers.signal()
                        running.leave()
                    }
                    jobs.run(job)
                }
            }
            if once && window.isEmpty && inFlight.withLock({ $0.isEmpty }) && jobsInFlight.load(ordering: .relaxed) == 0
                && ((try? jobs.openJobCount()) ?? 0) == 0 { break }
        }
        // Bounded: a stop must not hang on a long job. Work still running after the grace period is left
        // as a kill would leave it — its job stays `running` and runs again at the next start, and a run
        // folder not yet published is an unpublished `.partial` one, removed then.
        if running.wait(timeout: .now() + configuration.stopGraceSeconds) == .timedOut {
            logger.warning("stopping with work unfinished after \(configuration.stopGraceSeconds) s; it runs again at the next start")
        }
        if catalogReplaced { throw .catalogReplaced(path: catalog.path) }
        return ending
    }

    /// Adds every file below `path` that the configuration takes and the catalog does not already hold.
    private func scan(_ path: String, into window: inout ArrivalWindow) {
        guard let folder = folder(of: path) ?? configuration.folders.first(where: { $0.path == path }) else { return }
        let candidates = IngestCandidates(paths: [path], recursive: folder.recursive, excluding: writtenFolders)
        for skipped in candidates.skipped {
            logger.info("skipped: \(skipped.reason)", metadata: ["path": "\(skipped.path)"])
        }
        candidates.unnamable.forEach(quarantineUnnamable)
        for file in candidates.files where self.folder(of: file) != nil {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                  let size = (attributes[.size] as? NSNumber)?.int64Value,
                  let modified = attributes[.modificationDate] as? Date else { continue }
            // A file still in an ingest folder whose policy moves files was recorded but not yet moved
            // (the daemon stopped in between): take it again; ingest will link it, and it will be moved.
            let mayBeDone = folder.afterIngest == .leave && configuration.quarantine == .leave
            let held = mayBeDone
                && ((try? catalog.holds(path: file, size: size, modifiedAt: Timestamp.format(modified))) ?? false)
            if !held { window.saw(file) }
        }
    }

    /// The configured folder that takes `path`, or `nil` when none does (wrong folder depth, a hidden or
    /// temporary name, or excluded by the folder's patterns).
    private func folder(of path: String) -> DaemonConfiguration.Folder? {
        let name = (path as NSString).lastPathComponent
        let parent = (path as NSString).deletingLastPathComponent
        guard !IngestCandidates.isTransient(name: name) else { return nil }
        return configuration.folders.first { folder in
            (parent == folder.path || (folder.recursive && parent.hasPrefix(folder.path + "/"))) && folder.accepts(name: name)
        }
    }

    /// Records one file and applies its folder's policies. Failures are logged; the file stays where it
    /// is, to be tried again by the next scan.
    private func process(_ path: String, in folder: DaemonConfiguration.Folder, jobs: PipelineJobs) {
        // An event can name a link moved into the folder: what it points to is not the folder's to take.
        guard FolderEntry.kind(of: path) != .symbolicLink else {
            logger.info("skipped: a symbolic link (links are never followed)", metadata: ["path": "\(path)"])
            return
        }
        let outcome: IngestOutcome
        do {
            outcome = try ingest.ingestFile(at: path)
        } catch {
            logger.error("catalog failure; the file will be tried again", metadata: ["path": "\(path)", "error": "\(error)"])
            return
        }
        switch outcome {
        case let .quarantined(id, _, reason):
            logger.warning("quarantined: \(reason)", metadata: ["path": "\(path)", "object": "\(id)"])
            if case let .move(to) = configuration.quarantine { move(path, objectID: id, into: to) }
        case let .ingested(id, _), let .duplicate(id, _):
            logger.info(outcome.isDuplicate ? "duplicate of a recorded original" : "recorded",
                        metadata: ["path": "\(path)", "object": "\(id)"])
            do {
                // Queued before any move, so that a stop between the two loses no job.
                try jobs.enqueue(objectID: id, from: folder)
            } catch {
                logger.error("could not queue the folder's pipeline; it will be queued at the next start",
                             metadata: ["path": "\(path)", "error": "\(error)"])
            }
            if case let .move(to) = folder.afterIngest { move(path, objectID: id, into: to) }
        }
    }

    /// Quarantines a file whose name is not UTF-8 (it stays where it is: see
    /// ``IngestService/quarantineUnnamable(at:)``).
    private func quarantineUnnamable(_ printablePath: String) {
        do {
            guard let outcome = try ingest.quarantineUnnamable(at: printablePath) else { return }
            if case let .quarantined(id, _, reason) = outcome {
                logger.warning("quarantined: \(reason)", metadata: ["path": "\(printablePath)", "object": "\(id)"])
            }
        } catch {
            logger.error("catalog failure; the file will be tried again", metadata: ["path": "\(printablePath)", "error": "\(error)"])
        }
    }

    /// Refuses to start when a folder the daemon moves originals into holds files the catalog does not
    /// record: the catalog was deleted, replaced or swapped in the configuration, and starting would say
    /// "nothing to do" about originals that are only recorded in the lost catalog.
    private func checkMoveDestinationsRecorded() throws(DaemonError) {
        for folder in Set(configuration.moveDestinations) {
            let files = IngestCandidates(paths: [folder], recursive: true).files
            guard !files.isEmpty else { continue }
            let held: Set<String>
            do {
                held = try catalog.heldPaths(under: folder)
            } catch {
                throw .cannotPrepare(folder: catalog.path, reason: "\(error)")
            }
            // A move cut short by a kill (linked into place, not yet recorded) leaves bytes the catalog knows
            // under a name it does not: the next move of the source finishes it. Only bytes it does not know
            // at all mean a lost catalog; hashing stops at the first of them.
            let unknown = files.filter { !held.contains($0) }
            if let example = unknown.first(where: { !isRecordedBytes($0) }) {
                throw .unrecordedFiles(folder: folder, count: unknown.count, example: example, catalog: catalog.path)
            }
        }
    }

    /// Whether the bytes of `path` are an object the catalog records (unreadable counts as not).
    private func isRecordedBytes(_ path: String) -> Bool {
        guard let file = try? MappedFile(path: path) else { return false }
        let sha256 = file.withBytes { ContentHash.sha256($0) }
        return ((try? catalog.knownOriginal(sha256: sha256)) ?? nil) != nil
    }

    /// Moves a recorded file into `folder`, recording the move with the fixity check that proves it
    /// before the old name is removed (see ``VerifiedMove``).
    private func move(_ path: String, objectID: Int64, into folder: String) {
        do {
            let sha256 = try catalog.resolve(String(objectID)).sha256
            let moved = try VerifiedMove.move(path, into: folder, sha256: sha256) { moved in
                var detail = "moved from \(path) to \(moved.destination); "
                    + (sha256 == nil ? "no SHA-256 to check (unreadable)" : "SHA-256 matches at the new path")
                if let reason = moved.copiedBecause { detail += "; \(reason)" }
                let event = NewEvent(.fixityCheck, sha256 == nil ? .warning : .success, detail)
                try catalog.recordMove(objectID: objectID, from: path, to: moved.destination, event: event,
                                       by: Agent.conservator)
            }
            logger.info("moved", metadata: ["path": "\(path)", "to": "\(moved.destination)"])
        } catch {
            logger.error("could not move the file; it stays where it is", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}

extension IngestOutcome {
    fileprivate var isDuplicate: Bool {
        if case .duplicate = self { true } else { false }
    }
}
