import Foundation
@testable import Pipeline
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Clean-up after a kill deletes only what a run's own staging left, and never a finished run.
@Suite struct AbandonedRunsTests {
    private func recordedRun() throws -> (RunFixture, RunReport) {
        let fixture = try RunFixture(RunnerTests.castScan(width: 24, height: 16))
        let reader = PipelineReader(models: ValidationTests.noModels,
                                    library: ValidationTests.repository.appendingPathComponent("Pipelines").path)
        let report = try fixture.runner(models: ValidationTests.noModels)
            .run(try reader.read("classical"), on: fixture.original, from: fixture.originalPath)
        return (fixture, report)
    }

    /// A run folder as a kill leaves it: published, with a marker nobody holds naming `catalog`.
    private func staged(_ fixture: RunFixture, _ name: String, catalog: String) throws -> String {
        let folder = "\(fixture.derivatives)/\(fixture.original.id!)/\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("catalog: \(catalog)\npid: 1\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/\(StagingMarker.fileName)"))
        try Data([1]).write(to: URL(fileURLWithPath: "\(folder)/derivative.tif"))
        return folder
    }

    private func identity(_ fixture: RunFixture) -> String { CatalogIdentity.path(of: fixture.catalog) }

    @Test func aFinishedRunKeepsNoMarkerAndIsNeverTouched() throws {
        let (fixture, report) = try recordedRun()
        #expect(!FileManager.default.fileExists(atPath: "\(report.folder)/\(StagingMarker.fileName)"))
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog) == [])
        #expect(FileManager.default.fileExists(atPath: report.derivativePath))
    }

    @Test func aPublishedRunNeverRecordedIsRemoved() throws {
        let (fixture, _) = try recordedRun()
        let folder = try staged(fixture, "20260101T000000000Z-classical", catalog: identity(fixture))
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog) == [.removedUnrecorded(folder)])
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aRemovalCutShortIsFinishedAndNeverLeavesAFolderThatLooksPublished() throws {
        let (fixture, _) = try recordedRun()
        // A removal renames first: what a kill leaves is a hidden `.removing` folder, gone at the next clean-up.
        let halfRemoved = "\(fixture.derivatives)/\(fixture.original.id!)/.20260101T000000000Z-classical.removing"
        try FileManager.default.createDirectory(atPath: halfRemoved, withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: "\(halfRemoved)/provenance.json"))
        _ = try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog)
        #expect(!FileManager.default.fileExists(atPath: halfRemoved))
    }

    @Test func aRecordedRunKilledBeforeItsMarkerWentKeepsItsFiles() throws {
        let (fixture, report) = try recordedRun()
        let marker = "\(report.folder)/\(StagingMarker.fileName)"
        try Data("catalog: \(identity(fixture))\n".utf8).write(to: URL(fileURLWithPath: marker))
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog) == [.finished(report.folder)])
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(FileManager.default.fileExists(atPath: report.derivativePath))
    }

    @Test func aRunStagedForAnotherCatalogIsLeftAlone() throws {
        let (fixture, _) = try recordedRun()
        let folder = try staged(fixture, "20260101T000000000Z-classical", catalog: "/elsewhere/catalog.db")
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog)
                == [.leftForOtherCatalog(folder, catalog: "/elsewhere/catalog.db")])
        #expect(FileManager.default.fileExists(atPath: "\(folder)/derivative.tif"))
    }

    @Test func aRunBeingWrittenIsLeftAlone() throws {
        let (fixture, _) = try recordedRun()
        let folder = try staged(fixture, ".20260101T000000000Z-classical.partial", catalog: identity(fixture))
        let held = open("\(folder)/\(StagingMarker.fileName)", O_RDONLY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog) == [])
        #expect(FileManager.default.fileExists(atPath: folder))
    }

    @Test func aLinkInTheDerivativesFolderIsNeverFollowed() throws {
        let (fixture, _) = try recordedRun()
        let outside = NSTemporaryDirectory() + "abandoned-outside-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outside + "/.x.partial", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        #expect(symlink(outside, "\(fixture.derivatives)/999") == 0)
        #expect(try AbandonedRuns.clean(fixture.derivatives, catalog: fixture.catalog) == [])
        #expect(FileManager.default.fileExists(atPath: outside + "/.x.partial"))
    }
}
