@testable import Catalog
import Fixity
import Foundation
import GRDB
import Ingest
import Testing

/// Runs recorded before `process` stored absolute paths kept them relative to the folder it ran in, which no
/// reader elsewhere could resolve (issue 22, defect 1): `init` makes them absolute where a file with the
/// recorded SHA-256 is, and the schema lets nothing else about a run change.
@Suite struct RelativePathRepairTests {
    /// A run recorded as an old `process --out work/derivatives` did, run from the workspace's root.
    private func recordOldRun(_ workspace: Workspace, derivativeName: String = "1-classical.tif") throws -> Int64 {
        let folder = workspace.root.appendingPathComponent("work/derivatives/1/run")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let derivativeBytes = Array("derivative bytes".utf8), sidecarBytes = Array("{\"sidecar\": true}".utf8)
        try Data(derivativeBytes).write(to: folder.appendingPathComponent(derivativeName))
        try Data(sidecarBytes).write(to: folder.appendingPathComponent("provenance.json"))
        let original = try workspace.image("scan.png", .png)
        guard case .ingested(let originalID, _) = try workspace.service.ingestFile(at: original) else {
            throw CancellationError()
        }
        let relative = "work/derivatives/1/run"
        let recorded = try workspace.catalog.recordRun(NewRun(
            sourceObjectID: originalID,
            pipeline: Agent(type: .pipeline, name: "classical", version: "1", identifier: String(repeating: "a", count: 64)),
            software: Agent(type: .software, name: "conservator", version: "0.0.9"),
            derivative: .init(object: StoredObject(kind: .derivative, status: .accepted,
                                                   sha256: ContentHash.sha256(derivativeBytes), size: 16, format: "tiff",
                                                   sourceObjectId: originalID),
                              path: "\(relative)/\(derivativeName)"),
            steps: [], sidecarPath: "\(relative)/provenance.json", sidecarSHA256: ContentHash.sha256(sidecarBytes),
            digitalSourceType: "algorithmicallyEnhanced", aiAltered: false,
            startedAt: Timestamp.now(), endedAt: Timestamp.now()))
        return recorded.runID
    }

    @Test func relativePathsBecomeAbsoluteWhereTheirFilesAre() throws {
        let workspace = try Workspace()
        let runID = try recordOldRun(workspace)
        // the catalog is in the workspace's root: the files are found under the catalog's own folder
        let outcome = try RelativePathRepair.run(on: workspace.catalog, currentFolder: "/")
        #expect(outcome == .init(repaired: 3, notFound: 0), "derivative and sidecar of the run, the derivative's path")
        let run = try #require(try workspace.catalog.runs(ofSource: 1).first { $0.id == runID })
        let base = workspace.root.standardizedFileURL.path + "/work/derivatives/1/run"
        #expect(run.derivativePath == "\(base)/1-classical.tif" && run.sidecarPath == "\(base)/provenance.json")
        #expect(try workspace.catalog.resolve("\(base)/1-classical.tif").id == run.derivativeObjectId)
        #expect(try RelativePathRepair.run(on: workspace.catalog) == .init(), "a second run finds nothing to do")
    }

    @Test func aPathWhoseFileIsGoneOrChangedStaysAsItWas() throws {
        let workspace = try Workspace()
        let runID = try recordOldRun(workspace)
        let folder = workspace.root.appendingPathComponent("work/derivatives/1/run")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("1-classical.tif"))
        try Data("changed".utf8).write(to: folder.appendingPathComponent("provenance.json"))
        let outcome = try RelativePathRepair.run(on: workspace.catalog, currentFolder: "/")
        #expect(outcome == .init(repaired: 0, notFound: 3))
        let run = try #require(try workspace.catalog.runs(ofSource: 1).first { $0.id == runID })
        #expect(run.derivativePath == "work/derivatives/1/run/1-classical.tif")
    }

    @Test func runsStayAppendOnlyForEverythingElse() throws {
        let workspace = try Workspace()
        let runID = try recordOldRun(workspace)
        _ = try RelativePathRepair.run(on: workspace.catalog, currentFolder: "/")
        for change in ["pipeline_name = 'other'", "derivative_path = '/elsewhere/1-classical.tif'",
                       "sidecar_path = 'relative/again.json'", "review_state = 'approved'"] {
            #expect(throws: DatabaseError.self, "\(change)") {
                try workspace.catalog.pool.write { db in
                    try db.execute(sql: "UPDATE runs SET \(change) WHERE id = ?", arguments: [runID])
                }
            }
        }
    }
}
