@testable import Catalog
import CatalogFixtures
import Foundation
import GRDB
import Testing

/// Migration 0007: a curator's correction is a new run that supersedes the old one, recorded with it in one
/// transaction, at most once per old run, and read back from both ends.
@Suite struct SupersessionTests {
    /// The new run a correction of `old` records: same original and pipeline, a new derivative (made-up bytes).
    static func correction(of old: Run, fraction: Double = 0.02, seed: Character = "c") -> NewRun {
        var run = NewRun(
            sourceObjectID: old.sourceObjectId,
            pipeline: Agent(type: .pipeline, name: old.pipelineName, version: old.pipelineVersion, identifier: old.pipelineSha256),
            software: SampleCollection.software,
            derivative: .init(object: StoredObject(kind: .derivative, status: .accepted, sha256: sha(seed), size: 10,
                                                   format: "tiff", sourceObjectId: old.sourceObjectId),
                              path: "/tmp/corrected-\(seed).tif"),
            steps: [NewRun.NewStep(stage: "inpaint", stageVersion: "1", method: "classical", algorithm: "telea",
                                   model: nil, parametersJSON: "{}", fractionChanged: fraction, mask: nil,
                                   durationSeconds: 0.1, digitalSourceType: "compositeSynthetic", altersPixels: true,
                                   finishedAt: Timestamp.now())],
            sidecarPath: "/tmp/corrected-\(seed).json", sidecarSHA256: sha("d"), digitalSourceType: "compositeSynthetic",
            aiAltered: false, startedAt: Timestamp.now(), endedAt: Timestamp.now())
        run.reviewState = .proposed
        run.reviewReason = "corrects run \(old.id ?? 0)"
        return run
    }

    @Test func aCorrectionSupersedesTheOldRunWithAnAuthorizerEvent() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let old = try ReviewDecisionTests.proposed(sample)
        let recorded = try sample.catalog.recordCorrection(Self.correction(of: old), superseding: old.id!,
                                                           person: "carol", reason: "the detector missed the scratch")

        let oldHistory = try sample.catalog.runHistory(old.id!)
        let newHistory = try sample.catalog.runHistory(recorded.runID)
        #expect(oldHistory.reviewState == "superseded" && !oldHistory.isPublished)
        #expect(oldHistory.supersededBy?.runId == recorded.runID && oldHistory.supersedes == nil)
        #expect(newHistory.supersedes?.supersededRunId == old.id && newHistory.supersededBy == nil)
        #expect(newHistory.supersedes?.person == "carol" && newHistory.reviewState == "proposed")

        let event = try #require(oldHistory.derivative.events.first { $0.event.id == oldHistory.supersededBy?.eventId })
        #expect(event.event.type == .validation && event.event.outcome == .failure)
        #expect(event.event.detail.contains("superseded by run \(recorded.runID), corrected by carol"))
        #expect(event.agents.map(\.role) == ["aut"] && event.agents.first?.agent.name == "carol")

        // the query and the dashboard count the old run as superseded, the new one as awaiting review
        let superseded = try sample.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .superseded)))
        #expect(superseded.map(\.object.id) == [old.sourceObjectId])
        #expect(try sample.catalog.runCountsByReviewState()["superseded"] == 1)
        #expect(try sample.catalog.runs(inReviewState: .proposed, limit: 10).map(\.runID) == [recorded.runID])
        // a superseded run is decided no more
        #expect(throws: CatalogError.self) {
            try sample.catalog.decide(run: old.id!, state: .approved, reason: nil, person: "carol")
        }
    }

    @Test func aSecondSubmissionRecordsNothing() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let old = try ReviewDecisionTests.proposed(sample)
        let first = try sample.catalog.recordCorrection(Self.correction(of: old), superseding: old.id!,
                                                        person: "carol", reason: "mask")
        let runs = try sample.catalog.runs(ofSource: old.sourceObjectId).count
        let events = try sample.catalog.details(of: old.derivativeObjectId).events.count
        let error = #expect(throws: CatalogError.self) {
            try sample.catalog.recordCorrection(Self.correction(of: old, seed: "e"), superseding: old.id!,
                                                person: "carol", reason: "mask")
        }
        guard case .alreadySuperseded(let run, let by)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(run == old.id && by == first.runID)
        #expect(try sample.catalog.runs(ofSource: old.sourceObjectId).count == runs)
        #expect(try sample.catalog.details(of: old.derivativeObjectId).events.count == events)
        #expect(throws: CatalogError.self) { try sample.catalog.correctableRun(old.id!) }
    }

    @Test func onlyRunsAwaitingReviewOrRejectedAreCorrected() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let rejected = try ReviewDecisionTests.proposed(sample)
        _ = try sample.catalog.decide(run: rejected.id!, state: .rejected, reason: "smeared", person: "bob")
        #expect(try sample.catalog.correctableRun(rejected.id!).id == rejected.id)

        let approved = try ReviewDecisionTests.proposed(sample)
        _ = try sample.catalog.decide(run: approved.id!, state: .approved, reason: nil, person: "bob")
        let unreviewed = try #require(try sample.catalog.runs(ofSource: sample.ids["classical"]!).first)
        for run in [approved, unreviewed] {
            let error = #expect(throws: CatalogError.self) {
                try sample.catalog.recordCorrection(Self.correction(of: run), superseding: run.id!, person: "carol", reason: "x")
            }
            guard case .notCorrectable? = error else { Issue.record("\(String(describing: error))"); continue }
        }
        let error = #expect(throws: CatalogError.self) { try sample.catalog.correctableRun(999_999) }
        guard case .notFound? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(try sample.catalog.runs(ofSource: sample.ids["repaired"]!).count == 3, "no correction was recorded")
    }

    @Test func aFailedCorrectionLeavesNeitherRunNorEventNorSupersession() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let old = try ReviewDecisionTests.proposed(sample)
        let events = try sample.catalog.details(of: old.derivativeObjectId).events.count
        // the schema refuses a blank reason, after the new run and the event were written in the transaction
        #expect(throws: (any Error).self) {
            try sample.catalog.recordCorrection(Self.correction(of: old), superseding: old.id!, person: "carol", reason: " ")
        }
        #expect(try sample.catalog.runs(ofSource: old.sourceObjectId).count == 2)
        #expect(try sample.catalog.details(of: old.derivativeObjectId).events.count == events)
        #expect(try sample.catalog.runHistory(old.id!).reviewState == "proposed")
    }

    @Test func supersessionsAreAppendOnly() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let old = try ReviewDecisionTests.proposed(sample)
        _ = try sample.catalog.recordCorrection(Self.correction(of: old), superseding: old.id!, person: "carol", reason: "x")
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "UPDATE run_supersessions SET person = 'mallory'") }
        }
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "DELETE FROM run_supersessions") }
        }
    }

    /// Migration 0010 fills run_current_states from the record for a catalog that has runs, decisions and
    /// supersessions already: the same states as each run's history works out.
    @Test func theCurrentStateTableIsFilledFromTheRecordWhenTheMigrationApplies() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let approved = try ReviewDecisionTests.proposed(sample)
        try sample.catalog.decide(run: approved.id!, state: .approved, reason: nil, person: "carol")
        let old = try ReviewDecisionTests.proposed(sample)
        try sample.catalog.decide(run: old.id!, state: .rejected, reason: "the wrong scratch", person: "carol")
        let new = try sample.catalog.recordCorrection(Self.correction(of: old), superseding: old.id!,
                                                      person: "carol", reason: "painted the scratch")
        func states() throws -> [Int64: String?] {
            try sample.catalog.pool.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT run_id, state FROM run_current_states")
                    .map { (row: Row) -> (Int64, String?) in (row[0], row[1]) })
            }
        }
        let kept = try states()
        #expect(kept[approved.id!] == "approved" && kept[old.id!] == "superseded" && kept[new.runID] == "proposed")
        let runs = try sample.catalog.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM runs") }
        for run in runs { #expect(kept[run] == .some(try sample.catalog.runHistory(run).reviewState)) }

        // as if the catalog predated 0010: the table, its triggers and the record of the migration gone
        try sample.catalog.pool.write { db in
            for trigger in ["run_current_state_of_new_run", "run_current_state_after_decision",
                            "run_current_state_after_supersession"] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "DROP TABLE run_current_states; DROP INDEX objects_by_kind_status; DROP INDEX runs_ai_altered_by_source")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '0010_run_current_state'")
        }
        _ = try Catalog(path: sample.catalog.path, migrations: try MigrationSet(directory: repositoryMigrations))
        #expect(try states() == kept)
        #expect(try sample.catalog.runCountsByReviewState()["superseded"] == 1)
    }
}
