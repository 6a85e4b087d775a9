import Catalog
import Fixity
import Foundation
import Ingest
import Testing

/// PRONOM identifiers recorded at ingest, and filled in for files recorded before the catalog kept them.
@Suite struct PRONOMTests {
    @Test func ingestRecordsEachFormatsPUID() throws {
        let workspace = try Workspace()
        let files = [("scan.tif", "fmt/353"), ("scan.png", "fmt/11")]
        for (name, expected) in files {
            let path = try workspace.image(name, name.hasSuffix(".png") ? .png : .tiff(compression: .none))
            guard case .ingested(let id, _) = try workspace.service.ingestFile(at: path) else {
                Issue.record("\(name) not ingested")
                continue
            }
            #expect(try workspace.catalog.history(of: id).original.object.pronomPuid == expected, "\(name)")
        }
    }

    /// Rows from before migration 0008 have no PUID: the backfill reads the files that still hold their recorded
    /// bytes, and counts (without guessing) those it cannot find.
    @Test func backfillIdentifiesWhatItCanReadAndCountsTheRest() throws {
        let workspace = try Workspace()
        let kept = try workspace.image("kept.tif", .tiff(compression: .none))
        let changed = try workspace.image("changed.png", .png, seed: 1)
        let gone = try workspace.image("gone.png", .png, seed: 2)
        var ids: [String: Int64] = [:]
        for path in [kept, changed, gone] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let object = StoredObject(status: .accepted, sha256: ContentHash.sha256(bytes), size: Int64(bytes.count),
                                      format: path.hasSuffix(".png") ? "png" : "tiff")
            guard case .inserted(let id) = try workspace.catalog.record(
                NewObject(object: object, path: path, events: [NewEvent(.ingestion, .success, "before PUIDs")]),
                by: Agent(type: .software, name: "conservator", version: "0.0.9")) else { throw CancellationError() }
            ids[path] = id
        }
        try FileManager.default.removeItem(atPath: gone)
        try Data("no longer the scan".utf8).write(to: URL(fileURLWithPath: changed))

        let outcome = try PRONOMBackfill.run(on: workspace.catalog)

        #expect(outcome == PRONOMBackfill.Outcome(identified: 1, unidentifiable: 0, unreadable: 2))
        #expect(try workspace.catalog.history(of: ids[kept]!).original.object.pronomPuid == "fmt/353")
        #expect(try workspace.catalog.history(of: ids[gone]!).original.object.pronomPuid == nil)
        // a second run finds only the two it could not read, and a recorded PUID is never changed
        #expect(try workspace.catalog.objectsWithoutPUID().count == 2)
        try workspace.catalog.recordPUIDs([ids[kept]!: "fmt/11"])
        #expect(try workspace.catalog.history(of: ids[kept]!).original.object.pronomPuid == "fmt/353")
    }
}
