import ByteFixtures
import Fixity
import Catalog
import Foundation
import ImageSource
import Metadata
@testable import Ingest
import Testing

@Suite struct IngestServiceTests {
    /// Issue 15: a 185 KB PNG with 60 zTXt chunks (2 MiB of text each) made a 378 MB catalog in 10 s.
    @Test func compressedTextBeyondTheCapIsLeftOutAndSaidSo() throws {
        let ws = try Workspace()
        let stream = zlibRuns(of: UInt8(ascii: "a"), runs: 8128)  // 2 MiB of text in 13 KB
        let chunks = (0..<60).map { pngChunk("zTXt", Array("Comment\($0)".utf8) + [0, 0] + stream) }
        let path = try ws.file("bloated.png", onePixelPNG(chunks))
        let started = ContinuousClock.now
        guard case let .ingested(id, _) = try ws.service.ingestFile(at: path) else {
            Issue.record("a valid image with too much text was not ingested"); return
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        let details = try ws.catalog.details(of: id)
        let stored = details.metadata.reduce(0) { $0 + $1.tagGroup.utf8.count + $1.name.utf8.count + $1.value.utf8.count }
            + (details.object.xmpPacket?.utf8.count ?? 0)
        #expect(stored <= MetadataReader.maxBytes)
        let files = ["catalog.db", "catalog.db-wal"].map { ws.root.appendingPathComponent($0).path }
        let catalogBytes = try files.filter(FileManager.default.fileExists).reduce(0) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
        }
        #expect(catalogBytes < 3 * MetadataReader.maxBytes, "catalog and WAL: \(catalogBytes) bytes")
        let extraction = try #require(details.events.map(\.event).first { $0.type == .metadataExtraction })
        #expect(extraction.outcome == .warning)
        #expect(extraction.detail.contains("metadata over the 4 MiB kept per file"))
        #expect(extraction.detail.contains("58 compressed text chunks"))
    }

    @Test func recordsEachFormatWithHashDimensionsAndEvents() throws {
        let ws = try Workspace()
        let tiff = try ws.image("master.tif", .tiff(compression: .lzw), bitDepth: 16)
        let png = try ws.image("plan.png", .png, channels: 1)
        let jpeg = try ws.image("access.jpg", .jpeg(quality: 90))
        let summary = try ws.ingest([ws.inbox.path])
        #expect(summary.ingested == 3 && summary.duplicates == 0 && summary.quarantined == 0)

        for (path, format, depth, channels) in [(tiff, "tiff", 16, 3), (png, "png", 8, 1), (jpeg, "jpeg", 8, 3)] {
            let object = try ws.catalog.resolve(path)
            let expected = try MappedFile(path: path).withBytes { ContentHash.sha256($0) }
            #expect(object.sha256 == expected)
            #expect(object.format == format)
            #expect(object.width == 48 && object.height == 32)
            #expect(object.bitDepth == depth && object.channels == channels)
            #expect(object.status == .accepted && object.quarantineReason == nil)
            let events = try ws.catalog.details(of: object.id!).events.map(\.event)
            #expect(events.map(\.type) == [.ingestion, .messageDigestCalculation, .validation, .metadataExtraction])
            #expect(events.allSatisfy { $0.outcome != .failure })
        }
    }

    /// The format comes from the content; a name claiming another one gives the validation a warning.
    @Test func aNameThatDisagreesWithTheContentIsAWarning() throws {
        let ws = try Workspace()
        let misnamed = try ws.image("exported.JPG", .png)
        let plain = try ws.image("plan.png", .png, seed: 1)
        let unnamed = try ws.image("scan-0001", .tiff(compression: .none), seed: 2)
        let summary = try ws.ingest([misnamed, plain, unnamed])
        #expect(summary.ingested == 3 && summary.quarantined == 0)
        let validations = try [misnamed, plain, unnamed].map { path in
            let object = try ws.catalog.resolve(path)
            return try #require(try ws.catalog.details(of: object.id!).events.map(\.event).first { $0.type == .validation })
        }
        #expect(validations.map(\.outcome) == [.warning, .success, .success])
        #expect(validations[0].detail.hasSuffix("; the name says JPEG but the content is PNG (recorded as png)"))
        #expect(try ws.catalog.resolve(misnamed).format == "png")
    }

    @Test func sha256MatchesTheStandardTestVectors() {
        let abc = Array("abc".utf8)
        #expect(abc.withUnsafeBytes(ContentHash.sha256)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect([UInt8]().withUnsafeBytes(ContentHash.sha256)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Longer than one 8 MiB slice: the slicing must not change the digest (value from Python's hashlib).
        let big = [UInt8](repeating: 0x61, count: (8 << 20) + 3)
        #expect(big.withUnsafeBytes(ContentHash.sha256)
                == "d54a99c4e178084df6568d4af925039332e50826c4aadf42546934123e9a369d")
    }

    @Test func sameBytesTwiceAreOneObjectWithTwoPaths() throws {
        let ws = try Workspace()
        let first = try ws.image("a.tif", .tiff(compression: .deflate))
        let second = ws.inbox.appendingPathComponent("a-copy.tif").path
        try FileManager.default.copyItem(atPath: first, toPath: second)
        let summary = try ws.ingest([first, second])
        #expect(summary.ingested == 1 && summary.duplicates == 1)
        let id = summary.outcomes[0].objectID
        #expect(summary.outcomes[1] == .duplicate(objectID: id, path: second))
        #expect(try ws.catalog.details(of: id).paths.map(\.path) == [first, second])

        // Ingesting the same folder again records nothing new.
        let again = try ws.ingest([ws.inbox.path])
        #expect(again.ingested == 0 && again.duplicates == 2)
        #expect(try ws.catalog.details(of: id).events.count == 4)
    }

    @Test func originalsAreNeverModified() throws {
        let ws = try Workspace()
        let paths = [try ws.image("m.tif", .tiff(compression: .lzw), bitDepth: 16),
                     try ws.image("p.png", .png), try ws.image("j.jpg", .jpeg(quality: 80)),
                     try ws.file("bad.tif", [0x49, 0x49, 0x2A, 0x00, 0xFF])]
        let before = try paths.map { (try ws.bytes($0), try FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date) }
        _ = try ws.ingest([ws.inbox.path])
        _ = try FixityAudit(catalog: ws.catalog).run()
        for (path, (bytes, mtime)) in zip(paths, before) {
            #expect(try ws.bytes(path) == bytes, "\(path) changed")
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == mtime)
        }
    }

    @Test func directoriesSkipHiddenAndPartialFilesAndRecurseOnlyWhenAsked() throws {
        let ws = try Workspace()
        try ws.image("top.png", .png)
        try ws.file(".DS_Store", [1, 2, 3])
        try ws.file("upload.tif.part", [1, 2, 3])
        let sub = ws.inbox.appendingPathComponent("box-2")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try ws.image("box-2/inner.png", .png, seed: 5)
        let flat = IngestCandidates(paths: [ws.inbox.path], recursive: false)
        #expect(flat.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["top.png"])
        let deep = IngestCandidates(paths: [ws.inbox.path], recursive: true)
        #expect(deep.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["inner.png", "top.png"])
        let missing = IngestCandidates(paths: [ws.inbox.appendingPathComponent("nope").path], recursive: false)
        #expect(missing.files.isEmpty && missing.missing.count == 1)
    }
}

/// Bulk ingest records files a batch per transaction; batches are cut by count and by bytes.
@Suite struct IngestBatchingTests {
    @Test func batchesAreCutByCountAndByBytes() throws {
        let ws = try Workspace()
        let small = try (0..<5).map { try ws.file("small-\($0)", [UInt8](repeating: 1, count: 10)) }
        let large = try (0..<3).map { try ws.file("large-\($0)", [UInt8](repeating: 2, count: 1000)) }
        #expect(IngestService.batches(small, count: 2, bytes: 1 << 20).map(\.count) == [2, 2, 1])
        #expect(IngestService.batches(large, count: 10, bytes: 1500).map(\.count) == [1, 1, 1])
        // A file larger than the byte bound still gets a batch of its own.
        #expect(IngestService.batches(small + large, count: 100, bytes: 500).map(\.count) == [5, 1, 1, 1])
        #expect(IngestService.batches([], count: 4, bytes: 100).isEmpty)
        // The final commit overlaps nothing, so the last batch leaves at most a quarter of `count` to it.
        let many = try (0..<20).map { try ws.file("many-\($0)", [UInt8](repeating: 3, count: 10)) }
        #expect(IngestService.batches(many, count: 8, bytes: 1 << 20).map(\.count) == [8, 8, 2, 2])
        #expect(IngestService.batches(Array(many.prefix(10)), count: 8, bytes: 1 << 20).map(\.count) == [8, 2])
        #expect(IngestService.batches(many, count: 8, bytes: 1 << 20).joined().elementsEqual(many))
    }

    @Test func aBulkRunGivesOneOutcomePerFileInOrderWhateverTheBatching() throws {
        let ws = try Workspace()
        var paths: [String] = []
        for index in 0..<7 { paths.append(try ws.image("scan-\(index).png", .png, seed: index)) }
        paths.insert(try ws.file("notes.png", Array("notes".utf8)), at: 3)
        paths.append(try ws.image("again.png", .png, seed: 2))  // the same bytes as scan-2.png
        let summary = try ws.service.ingest(IngestCandidates(paths: paths, recursive: false), threads: 2, batchSize: 3)
        #expect(summary.outcomes.map(\.path) == paths)
        #expect(summary.ingested == 7 && summary.quarantined == 1 && summary.duplicates == 1)
    }
}
