import Catalog
import Daemon
import Dispatch
import Foundation
import Testing

/// The daemon's processing, in-process: what `conservator watch --once` and a running watch do.
@Suite struct WatchServiceTests {
    @Test func onceRecordsGoodFilesAndQuarantinesBadOnes() throws {
        let site = try Installation()
        try site.scan("plate-1.png", seed: 1)
        try site.scan("sub/plate-2.png", seed: 2)
        try site.file("notes.png", Array("not an image".utf8))
        try site.file(".hidden.png", [1, 2, 3])
        try site.file("copy.png.part", [1, 2, 3])
        let ending = try site.service(try site.configuration(folder: "recursive: true")).run(once: true, control: DaemonControl())
        #expect(ending == .stopped)
        let status = try site.catalog().status()
        #expect(status.originals == 2)
        #expect(status.quarantined == 1)
        #expect(status.recentProblems.first?.path?.hasSuffix("notes.png") == true)
    }

    @Test func notRecursiveMeansTopLevelOnly() throws {
        let site = try Installation()
        try site.scan("top.png", seed: 1)
        try site.scan("sub/below.png", seed: 2)
        _ = try site.service(try site.configuration()).run(once: true, control: DaemonControl())
        #expect(try site.catalog().status().originals == 1)
    }

    @Test func movesOriginalsToTheArchiveAndBadFilesToQuarantine() throws {
        let site = try Installation()
        let original = try site.scan("plate.png", seed: 3)
        try site.file("broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        let configuration = try site.configuration(folder: "after-ingest: { action: move, archive: \(site.archive) }",
                                                   quarantinePolicy: "move")
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        #expect(site.names(in: site.ingest).isEmpty)
        #expect(site.names(in: site.archive) == ["plate.png"])
        #expect(site.names(in: site.quarantine) == ["broken.png"])

        // The catalog follows the files: the fixity audit finds each where it now is.
        let catalog = try site.catalog()
        let recorded = try catalog.resolve(site.archive + "/plate.png")
        let details = try catalog.details(of: recorded.id!)
        #expect(details.paths.map(\.path) == [original, site.archive + "/plate.png"])
        #expect(details.paths[0].releasedAt != nil)
        #expect(details.events.contains { $0.event.type == .fixityCheck && $0.event.detail.contains("SHA-256 matches") })
        #expect(try catalog.fixityTargets().flatMap(\.paths) == [site.archive + "/plate.png"])
    }

    @Test func aSecondRunFindsNothingNewToDo() throws {
        let site = try Installation()
        try site.scan("a.png", seed: 1)
        let configuration = try site.configuration()
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        let eventsBefore = try site.catalog().details(of: 1).events.count
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        #expect(try site.catalog().details(of: 1).events.count == eventsBefore)
        #expect(try site.catalog().status().originals == 1)
    }

    @Test func aFileRecordedButNotYetMovedIsMovedOnTheNextRun() throws {
        // As if the daemon was killed between recording and moving: recorded with `leave`, then restarted
        // with `move`.
        let site = try Installation()
        try site.scan("a.png", seed: 1)
        _ = try site.service(try site.configuration()).run(once: true, control: DaemonControl())
        let moving = try site.configuration(folder: "after-ingest: { action: move, archive: \(site.archive) }")
        _ = try site.service(moving).run(once: true, control: DaemonControl())
        #expect(site.names(in: site.archive) == ["a.png"])
        #expect(try site.catalog().status().originals == 1)
    }

    @Test func aRunningWatchTakesNewFilesAndStopsOnRequest() async throws {
        let site = try Installation()
        let service = try site.service(try site.configuration(folder: "recursive: true", stability: 0.2))
        let control = DaemonControl()
        let running = Task { try await runOnAThreadOfItsOwn(service, control) }
        try await Task.sleep(for: .milliseconds(300))
        try site.scan("arrived.png", seed: 5)
        try site.scan("new-box/arrived-later.png", seed: 6)   // a folder created while watching
        let catalog = try site.catalog()
        let deadline = Date().addingTimeInterval(20)
        while try catalog.status().originals < 2, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try catalog.status().originals == 2)
        control.requestStop()
        #expect(try await running.value == .stopped)
    }

    @Test func aReloadRequestEndsTheRunForANewConfiguration() async throws {
        let site = try Installation()
        let service = try site.service(try site.configuration())
        let control = DaemonControl()
        let running = Task { try await runOnAThreadOfItsOwn(service, control) }
        control.requestReload()
        #expect(try await running.value == .reloadRequested)
    }

    @Test func aFolderWithAPipelineRestoresEveryOriginalOnce() throws {
        let site = try Installation()
        try site.scan("a.png", seed: 1)
        try site.scan("b.png", seed: 2)
        let configuration = try site.configuration(folder: "pipeline: classical")
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        let catalog = try site.catalog()
        let status = try catalog.status()
        #expect(status.done == 2 && status.queued == 0 && status.failed == 0)
        for id in [Int64(1), 2] {
            let runs = try catalog.runs(ofSource: id)
            #expect(runs.count == 1)
            #expect(runs.first.map { FileManager.default.fileExists(atPath: $0.derivativePath) } == true)
        }
        // A second start finds every job done and runs nothing again.
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        #expect(try catalog.runs(ofSource: 1).count == 1)
    }

    @Test func aJobThatKeepsFailingStopsAfterItsAttemptsWithTheReason() throws {
        let site = try Installation()
        let path = try site.scan("a.png", seed: 1)
        _ = try site.service(try site.configuration()).run(once: true, control: DaemonControl())
        try FileManager.default.removeItem(atPath: path)   // the original is gone before its pipeline runs
        let configuration = try site.configuration(folder: "pipeline: classical", settings: "max-attempts: 2")
        _ = try site.service(configuration).run(once: true, control: DaemonControl())
        let status = try site.catalog().status()
        #expect(status.failed == 1 && status.done == 0 && status.queued == 0)
        #expect(status.recentProblems.first?.detail.contains("no recorded path holds the original") == true)
    }

    @Test func aJobInterruptedOnEveryAttemptFailsForGoodInsteadOfRunningForever() throws {
        // A job that kills its daemon (out of memory, say) is left `running` each time: every claim counts.
        let site = try Installation()
        try site.scan("a.png", seed: 1)
        _ = try site.service(try site.configuration()).run(once: true, control: DaemonControl())
        let catalog = try site.catalog()
        try catalog.enqueueJob(objectID: 1, pipeline: "classical")
        let lease = JobLease(worker: "this-host", seconds: 60)
        for _ in 0..<3 {
            #expect(try catalog.claimJob(lease, maxAttempts: 3) != nil)
            _ = try catalog.requeueInterruptedJobs(of: "this-host", maxAttempts: 3)   // what each restart does
        }
        let status = try catalog.status()
        #expect(status.failed == 1 && status.queued == 0 && status.running == 0)
        #expect(status.recentProblems.first?.detail.contains("interrupted 3 time(s)") == true)
        #expect(try catalog.claimJob(lease, maxAttempts: 3) == nil)
    }

    @Test func anUnknownOrInvalidPipelineStopsTheStartWithTheReason() throws {
        let site = try Installation()
        let unknown = #expect(throws: DaemonError.self) {
            try site.service(try site.configuration(folder: "pipeline: no-such-pipeline")).run(once: true, control: DaemonControl())
        }
        #expect(unknown?.description.contains("no-such-pipeline") == true)
        // archival-repair names models this installation does not have.
        let missing = #expect(throws: DaemonError.self) {
            try site.service(try site.configuration(folder: "pipeline: archival-repair")).run(once: true, control: DaemonControl())
        }
        #expect(missing?.description.contains("archival-repair.yaml:") == true)
    }

    @Test func aMissingIngestFolderIsAClearError() throws {
        let site = try Installation()
        try FileManager.default.removeItem(atPath: site.ingest)
        let error = #expect(throws: DaemonError.self) {
            try site.service(try site.configuration()).run(once: true, control: DaemonControl())
        }
        #expect(error?.description == "cannot watch ingest folder \(site.ingest): no such folder")
    }
}

/// Runs a watch until it returns, on a dispatch thread: its loop blocks, and blocking one of the few
/// threads Swift concurrency shares among all tests would starve the others.
private func runOnAThreadOfItsOwn(_ service: WatchService, _ control: DaemonControl) async throws -> WatchService.Ending {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try service.run(once: false, control: control) })
        }
    }
}
