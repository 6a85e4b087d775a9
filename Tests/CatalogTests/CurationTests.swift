import Catalog
import CatalogFixtures
import Foundation
import Testing

/// Every curator filter on a catalog with known contents (see SampleCollection's table).
@Suite struct CurationTests {
    /// The keys of the originals `query` selects, in catalog order.
    private func keys(_ sample: SampleCollection, _ query: OriginalQuery) throws -> [String] {
        let names = Dictionary(uniqueKeysWithValues: sample.ids.map { ($0.value, $0.key) })
        return try sample.catalog.originals(matching: query).map { names[$0.object.id!]! }
    }

    private func runs(_ filter: RunFilter) -> OriginalQuery { OriginalQuery(runs: filter) }

    @Test func aiAlteredAndItsReverse() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        #expect(try keys(sample, OriginalQuery()) == ["repaired", "classical", "colorized", "old-model", "untouched"])
        #expect(try keys(sample, runs(RunFilter(aiAltered: true))) == ["repaired", "colorized", "old-model"])
        #expect(try keys(sample, runs(RunFilter(aiAltered: false))) == ["classical", "untouched"])
        // not AI-altered and restored at all: the classical one only
        #expect(try keys(sample, runs(RunFilter(aiAltered: false, stage: "sharpen"))) == ["classical"])
    }

    @Test func stageModelAndVersion() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        #expect(try keys(sample, runs(RunFilter(stage: "restore-color"))) == ["repaired", "classical", "old-model"])
        #expect(try keys(sample, runs(RunFilter(stage: "colorize"))) == ["colorized"])
        #expect(try keys(sample, runs(RunFilter(model: NameAndVersion(parsing: "color-restore")))) == ["repaired", "old-model"])
        #expect(try keys(sample, runs(RunFilter(model: NameAndVersion(parsing: "color-restore@1")))) == ["repaired"])
        #expect(try keys(sample, runs(RunFilter(model: NameAndVersion(parsing: "color-restore@0")))) == ["old-model"])
        #expect(try keys(sample, runs(RunFilter(model: NameAndVersion(parsing: "color-restore@7")))).isEmpty)
        // a classical step has no model: the gray-world step is not "model gray-world"
        #expect(try keys(sample, runs(RunFilter(model: NameAndVersion(parsing: "gray-world")))).isEmpty)
    }

    @Test func stepConditionsHoldForOneStep() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        #expect(try keys(sample, runs(RunFilter(changedMoreThan: 0.5))) == ["repaired", "colorized"])
        #expect(try keys(sample, runs(RunFilter(changedMoreThan: 0.95))).isEmpty)
        // repaired's inpainting changed 3% and its color step 60%: "inpaint changing more than 50%" is no match
        #expect(try keys(sample, runs(RunFilter(stage: "inpaint", changedMoreThan: 0.5))).isEmpty)
        #expect(try keys(sample, runs(RunFilter(stage: "inpaint", changedMoreThan: 0.02))) == ["repaired"])
        #expect(try keys(sample, runs(RunFilter(stage: "restore-color", model: NameAndVersion(parsing: "inpaint-unet")))).isEmpty)
    }

    @Test func disclosurePipelineFolderAndTime() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        #expect(try keys(sample, runs(RunFilter(digitalSourceType: "compositeWithTrainedAlgorithmicMedia"))) == ["repaired", "colorized"])
        #expect(try keys(sample, runs(RunFilter(digitalSourceType: "algorithmicallyEnhanced"))) == ["classical", "old-model"])
        #expect(try keys(sample, runs(RunFilter(pipeline: NameAndVersion(parsing: "colorize")))) == ["colorized"])
        #expect(try keys(sample, runs(RunFilter(pipeline: NameAndVersion(parsing: "colorize@1")))).isEmpty)
        #expect(try keys(sample, OriginalQuery(folder: sample.path("b"))) == ["colorized", "old-model"])
        // a folder is a folder, not a name prefix: "b/scan" must not match "b/scan3.png"; runs/ holds no originals
        #expect(try keys(sample, OriginalQuery(folder: sample.path("b/scan"))).isEmpty)
        #expect(try keys(sample, OriginalQuery(folder: sample.path("runs"))).isEmpty)
        let past = Timestamp.format(Date(timeIntervalSinceNow: -3600)), future = Timestamp.format(Date(timeIntervalSinceNow: 3600))
        #expect(try keys(sample, OriginalQuery(since: past, until: future)).count == 5)
        #expect(try keys(sample, OriginalQuery(until: past)).isEmpty)
        #expect(try keys(sample, OriginalQuery(since: future)).isEmpty)
    }

    @Test func filtersCombineAndRowsSummariseMatchingRuns() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let query = OriginalQuery(folder: sample.path("a"), runs: RunFilter(aiAltered: true))
        let rows = try sample.catalog.originals(matching: query)
        #expect(rows.map(\.object.id) == [sample.ids["repaired"]])
        let row = try #require(rows.first)
        #expect(row.runCount == 1 && row.aiAltered)
        #expect(row.models == ["color-restore@1", "damage-unet@1", "inpaint-unet@1"])
        #expect(row.pipelines == ["archival-repair@1"])
        #expect(row.paths == [sample.path("a/scan1.tif")])
        let untouched = try sample.catalog.originals(matching: OriginalQuery(folder: sample.path("c")))
        #expect(untouched.map { [$0.runCount, $0.models.count] } == [[0, 0]])
        let quarantined = try sample.catalog.originals(matching: OriginalQuery(status: .quarantined))
        #expect(quarantined.map(\.object.id) == [sample.ids["quarantined"]])
        #expect(quarantined.first?.object.quarantineReason?.contains("not a TIFF") == true)
    }

    @Test func historyOfAnOriginalOrItsDerivative() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let history = try sample.catalog.history(of: sample.ids["repaired"]!)
        #expect(try sample.catalog.history(of: sample.derivatives["repaired"]!) == history)
        let run = try #require(history.runs.first)
        #expect(history.runs.count == 1 && run.pipeline.name == "archival-repair"
                && run.software.identifier == SampleCollection.software.identifier)
        #expect(run.steps.map(\.step.stage) == ["detect-damage", "inpaint", "restore-color"])
        #expect(run.models.map(\.name) == ["damage-unet", "inpaint-unet", "color-restore"])
        #expect(run.steps[0].mask?.object.kind == .mask && run.steps[1].mask == nil)
        // the derivative's events in the order they happened: modified by the two pixel-changing steps (their
        // models executing), then created when the file was written
        #expect(run.derivative.events.map(\.event.type) == [.modification, .modification, .creation])
        #expect(run.derivative.events[1].agents.map(\.agent.name) == ["color-restore"])
        #expect(history.original.events.map(\.event.type) == [.ingestion, .messageDigestCalculation, .validation])
        #expect(throws: CatalogError.self) { try sample.catalog.history(of: 999) }
    }

    @Test func exportHistoriesKeepOnlyMatchingRuns() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let recall = try sample.catalog.histories(matching: runs(RunFilter(model: NameAndVersion(parsing: "color-restore@0"))))
        #expect(recall.map(\.original.object.id) == [sample.ids["old-model"]])
        #expect(recall.flatMap(\.runs).map(\.derivative.object.id) == [sample.derivatives["old-model"]])
        let all = try sample.catalog.histories(matching: OriginalQuery())
        #expect(all.map(\.runs.count) == [1, 1, 1, 1, 0])
    }

    @Test func nameAndVersionParsing() {
        #expect(NameAndVersion(parsing: "inpaint-unet@1") == NameAndVersion(name: "inpaint-unet", version: "1"))
        #expect(NameAndVersion(parsing: "inpaint-unet") == NameAndVersion(name: "inpaint-unet"))
        #expect(NameAndVersion(parsing: "@1") == nil && NameAndVersion(parsing: "x@") == nil && NameAndVersion(parsing: "") == nil)
    }
}
