import Catalog
import CatalogFixtures
import CSV
import Foundation
import Provenance
import Testing

@Suite struct ExportTests {
    private func export(_ sample: SampleCollection, _ query: OriginalQuery = OriginalQuery(),
                        options: ProvenanceExport.Options = .init(includeOriginals: true, includeMasks: true))
        throws -> (ProvenanceExport.Summary, URL) {
        let destination = sample.directory.appendingPathComponent("export")
        let histories = try sample.catalog.histories(matching: query)
        let summary = try ProvenanceExport(histories: histories, options: options)
            .write(to: destination.path, exportedAt: "2026-11-25T12:00:00.000Z")
        return (summary, destination)
    }

    private func text(_ url: URL, _ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func everythingIsCopiedVerifiedAndListedInTheManifest() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (summary, folder) = try export(sample)
        #expect(summary.derivatives == 4 && summary.originals == 4 && summary.masks == 1 && summary.warnings.isEmpty)
        let listing = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        for name in ["index.html", "report.csv", "report.json", "premis.xml", "prov.json", "manifest-sha256.txt"] {
            #expect(listing.contains(name), "\(name)")
        }
        #expect(listing.filter { $0.hasPrefix("derivatives/") }.count == 4)
        #expect(listing.filter { $0.hasPrefix("sidecars/") }.count == 4)
        #expect(listing.contains("originals/\(sample.ids["repaired"]!)-scan1.tif"))
        // the manifest checks with the standard tool, and lists every file but itself
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["--check", "--quiet", "--strict", "manifest-sha256.txt"]
        check.currentDirectoryURL = folder
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let manifest = try text(folder, "manifest-sha256.txt").split(separator: "\n")
        let files = listing.filter { !$0.hasSuffix("manifest-sha256.txt") && !["derivatives", "sidecars", "masks", "originals"].contains($0) }
        #expect(manifest.count == files.count && summary.files == files.count)
        // the copy of a derivative has the bytes the catalog recorded
        let row = try #require(try sample.catalog.history(of: sample.ids["classical"]!).runs.first)
        let copied = try Data(contentsOf: folder.appendingPathComponent("derivatives/\(row.derivative.object.id!)-"
            + URL(fileURLWithPath: row.run.derivativePath).lastPathComponent))
        #expect(copied == (try Data(contentsOf: URL(fileURLWithPath: row.run.derivativePath))))
        #expect(try PREMISSchema.validate(try text(folder, "premis.xml")).status == 0)
    }

    @Test func reportCSVAndJSONParseBackToOneRowPerDerivative() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (_, folder) = try export(sample, OriginalQuery(runs: RunFilter(aiAltered: true)))
        let reader = try CSVReader(string: try text(folder, "report.csv"), hasHeaderRow: true)
        #expect(reader.headerRow == ReportRow.columns)
        var rows: [[String: String]] = []
        while reader.next() != nil {
            rows.append(Dictionary(uniqueKeysWithValues: zip(ReportRow.columns, reader.currentRow ?? [])))
        }
        #expect(rows.map { $0["original_id"] } == ["repaired", "colorized", "old-model"].map { String(sample.ids[$0]!) })
        #expect(rows.allSatisfy { $0["ai_altered"] == "true" })
        #expect(rows.first?["models"] == "damage-unet@1; inpaint-unet@1; color-restore@1")
        #expect(rows.first?["steps"] == "detect-damage:damage-unet@1; inpaint:inpaint-unet@1; restore-color:color-restore@1")
        #expect(rows.first?["digital_source_type"] == "compositeWithTrainedAlgorithmicMedia")
        let json = try JSONSerialization.jsonObject(with: Data(try text(folder, "report.json").utf8)) as? [String: Any]
        let derivatives = try #require(json?["derivatives"] as? [[String: Any]])
        #expect(derivatives.map { "\($0["derivative_sha256"] ?? "")" } == rows.map { $0["derivative_sha256"] ?? "" })
        #expect(json?["exported_at"] as? String == "2026-11-25T12:00:00.000Z")
    }

    @Test func csvQuotesWhatNeedsQuotingAndAnIndependentReaderAgrees() throws {
        let rows = [["plain", "comma, inside", "quote \" inside", "line\nbreak", "", "é ü"], ["1", "2", "3", "4", "5", "6"]]
        let text = CSVText.make(header: ["a", "b", "c", "d", "e", "f"], rows: rows)
        #expect(text.hasPrefix("a,b,c,d,e,f\nplain,\"comma, inside\",\"quote \"\" inside\",\"line\nbreak\",,é ü\n"))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var parsed: [[String]] = []
        while let row = reader.next() { parsed.append(row) }
        #expect(parsed == rows)
    }

    @Test func aChangedDerivativeIsRefusedAndNothingIsLeft() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let run = try #require(try sample.catalog.history(of: sample.ids["colorized"]!).runs.first)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: run.run.derivativePath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let error = #expect(throws: ExportError.self) { try export(sample) }
        guard case .checksumMismatch(let path, _, _) = error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(path == run.run.derivativePath)
        let left = try FileManager.default.contentsOfDirectory(atPath: sample.directory.path)
        #expect(!left.contains { $0.hasPrefix("export") || $0.hasPrefix(".export") }, "\(left)")
    }

    @Test func anExistingDestinationIsNeverOverwritten() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        _ = try export(sample)
        #expect(throws: ExportError.destinationExists(path: sample.directory.appendingPathComponent("export").path)) {
            try export(sample)
        }
    }

    @Test func aMissingOriginalLeavesTheReportWithoutItsPreview() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        try FileManager.default.removeItem(atPath: sample.path("b/scan3.png"))
        let (summary, folder) = try export(sample, options: .init(includeMasks: true))
        #expect(summary.derivatives == 4)
        #expect(summary.warnings.count == 1 && summary.warnings[0].contains("object \(sample.ids["colorized"]!)"))
        #expect(try text(folder, "index.html").components(separatedBy: "class=\"card\"").count - 1 == 4)
        // asking for the originals makes the missing one an error
        #expect(throws: ExportError.self) {
            try ProvenanceExport(histories: try sample.catalog.histories(matching: OriginalQuery()),
                                 options: .init(includeOriginals: true))
                .write(to: sample.directory.appendingPathComponent("export-2").path, exportedAt: "t")
        }
    }
}
