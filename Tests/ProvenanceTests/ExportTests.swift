import Catalog
import CatalogFixtures
import CSV
import Foundation
import Installation
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

    static let institution = Institution(name: "Stadtmuseum Beispielstadt", identifier: "DE-MUS-123456",
                                         rightsStatement: "http://rightsstatements.org/vocab/InC/1.0/")

    @Test func everythingIsCopiedVerifiedAndListedInTheManifest() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (summary, bag) = try export(sample)
        #expect(summary.derivatives == 4 && summary.originals == 4 && summary.masks == 1 && summary.maskFiles == 1)
        #expect(summary.accessCopies == 1 && summary.warnings.isEmpty)
        let folder = bag.appendingPathComponent("data")
        let listing = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        for name in ["index.html", "report.csv", "report.json", "premis.xml", "prov.json", "mets.xml"] {
            #expect(listing.contains(name), "\(name)")
        }
        let derivatives = listing.filter { $0.hasPrefix("derivatives/") }
        #expect(derivatives.count == 4 + 4 + 1, "derivatives, their sidecars, one access copy: \(derivatives.sorted())")
        #expect(listing.contains("originals/\(sample.ids["repaired"]!)-scan1.tif"))
        // each sidecar is named after its derivative, beside it, so that a person can pair them
        for derivative in derivatives where derivative.hasSuffix(".tif") {
            #expect(listing.contains(String(derivative.dropLast(4)) + ".provenance.json"), "\(derivative)")
        }
        // the payload manifest checks with the standard tool and lists every payload file
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["--check", "--quiet", "--strict", "manifest-sha256.txt"]
        check.currentDirectoryURL = bag
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let manifest = try text(bag, "manifest-sha256.txt").split(separator: "\n")
        let files = listing.filter { !["derivatives", "masks", "originals"].contains($0) }
        #expect(manifest.count == files.count && summary.files == files.count)
        #expect(manifest.allSatisfy { $0.dropFirst(66).hasPrefix("data/") })
        // the copy of a derivative has the bytes the catalog recorded
        let row = try #require(try sample.catalog.history(of: sample.ids["classical"]!).runs.first)
        let copied = try Data(contentsOf: folder.appendingPathComponent("derivatives/\(row.derivative.object.id!)-"
            + URL(fileURLWithPath: row.run.derivativePath).lastPathComponent))
        #expect(copied == (try Data(contentsOf: URL(fileURLWithPath: row.run.derivativePath))))
        #expect(try PREMISSchema.validate(try text(folder, "premis.xml")).status == 0)
    }

    /// RFC 8493 as bagit-python reads it: the bag validates, and a changed payload file makes it fail.
    @Test(.enabled(if: ExternalTools.bagit != nil, ExternalTools.bagitMissing))
    func theExportIsABagThatBagitValidatesAndATamperedOneFails() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (summary, bag) = try export(sample, options: .init(includeOriginals: true, includeMasks: true, institution: Self.institution))
        let valid = try ExternalTools.validateBag(bag)
        #expect(valid.status == 0, "\(valid.output)")
        #expect(try text(bag, "bagit.txt") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        let info = try text(bag, "bag-info.txt")
        let bytes = try FileManager.default.subpathsOfDirectory(atPath: bag.appendingPathComponent("data").path).reduce(Int64(0)) {
            let attributes = try FileManager.default.attributesOfItem(atPath: bag.appendingPathComponent("data/\($1)").path)
            return $0 + ((attributes[.type] as? FileAttributeType) == .typeRegular ? (attributes[.size] as! NSNumber).int64Value : 0)
        }
        for line in ["Source-Organization: Stadtmuseum Beispielstadt", "Source-Organization-Identifier: DE-MUS-123456",
                     "Rights-Statement: http://rightsstatements.org/vocab/InC/1.0/", "Bagging-Date: 2026-11-25",
                     "Payload-Oxum: \(bytes).\(summary.files)", "Bag-Software-Agent: Conservator "] {
            #expect(info.contains(line), "\(line) in\n\(info)")
        }
        #expect(info.contains("External-Description: Conservator provenance report: 4 derivatives of 4 originals"))

        let derivative = try #require(try FileManager.default.contentsOfDirectory(atPath: bag.appendingPathComponent("data/derivatives").path)
            .first { $0.hasSuffix(".tif") })
        let handle = try FileHandle(forWritingTo: bag.appendingPathComponent("data/derivatives/\(derivative)"))
        try handle.seek(toOffset: 200)
        try handle.write(contentsOf: Data([0x55]))
        try handle.close()
        let tampered = try ExternalTools.validateBag(bag)
        #expect(tampered.status != 0 && tampered.output.contains(derivative), "\(tampered.output)")
    }

    /// Two steps whose masks are the same bytes share one catalog object: the export copies one file and says so.
    @Test func identicalMasksAreCountedAndCopiedOnce() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        var histories = try sample.catalog.histories(matching: OriginalQuery())
        let repaired = try #require(histories.firstIndex { $0.original.object.id == sample.ids["repaired"] })
        let classical = try #require(histories.firstIndex { $0.original.object.id == sample.ids["classical"] })
        histories[classical].runs[0].steps[0].mask = histories[repaired].runs[0].steps[0].mask
        let destination = sample.directory.appendingPathComponent("export")
        let summary = try ProvenanceExport(histories: histories, options: .init(includeMasks: true))
            .write(to: destination.path, exportedAt: "2026-11-25T12:00:00.000Z")
        #expect(summary.masks == 2 && summary.maskFiles == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.appendingPathComponent("data/masks").path).count == 1)
    }

    /// The access copy named by the sidecar is exported beside its derivative, verified, and the report links it.
    @Test func theAccessCopyIsExportedVerifiedAndLinked() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (_, bag) = try export(sample)
        let derivative = sample.derivatives["repaired"]!
        let original = sample.ids["repaired"]!
        let access = "derivatives/\(derivative)-\(original)-archival-repair-access.jpg"
        let run = try #require(try sample.catalog.history(of: original).runs.first)
        let source = URL(fileURLWithPath: run.run.derivativePath).deletingLastPathComponent()
            .appendingPathComponent("\(original)-archival-repair-access.jpg")
        #expect(try Data(contentsOf: bag.appendingPathComponent("data/\(access)")) == (try Data(contentsOf: source)))
        let html = try text(bag.appendingPathComponent("data"), "index.html")
        #expect(html.contains("<a class=\"view\" href=\"\(access)\">"), "the card links the JPEG a browser shows")
        let csv = try text(bag.appendingPathComponent("data"), "report.csv")
        #expect(csv.contains(",\(access),derivatives/\(derivative)-\(original)-archival-repair.provenance.json,"))

        // an access copy that changed since its run is refused like any other file
        let handle = try FileHandle(forWritingTo: source)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let error = #expect(throws: ExportError.self) {
            try ProvenanceExport(histories: try sample.catalog.histories(matching: OriginalQuery()))
                .write(to: sample.directory.appendingPathComponent("export-2").path, exportedAt: "t")
        }
        guard case .checksumMismatch(let path, _, _) = error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(path == source.path)
    }

    @Test func reportCSVAndJSONParseBackToOneRowPerDerivative() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let (_, bag) = try export(sample, OriginalQuery(runs: RunFilter(aiAltered: true)))
        let folder = bag.appendingPathComponent("data")
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
        #expect(try text(folder, "data/index.html").components(separatedBy: "class=\"card\"").count - 1 == 4)
        // asking for the originals makes the missing one an error
        #expect(throws: ExportError.self) {
            try ProvenanceExport(histories: try sample.catalog.histories(matching: OriginalQuery()),
                                 options: .init(includeOriginals: true))
                .write(to: sample.directory.appendingPathComponent("export-2").path, exportedAt: "t")
        }
    }
}
