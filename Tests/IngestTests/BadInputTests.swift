import ByteFixtures
import Catalog
import Foundation
import Ingest
import Raster
import Testing

/// Every kind of bad file gets a quarantine record with a one-line reason naming the cause, and the run
/// goes on with the other files.
@Suite struct BadInputTests {
    /// Ingests `path` alone and returns the quarantine reason (failing the test when it was accepted).
    private func reason(for path: String, in ws: Workspace) throws -> String {
        let summary = try ws.ingest([path])
        guard case let .quarantined(id, _, reason)? = summary.outcomes.first else {
            Issue.record("\(path) was not quarantined: \(summary.outcomes)")
            return ""
        }
        let object = try ws.catalog.details(of: id)
        #expect(object.object.status == .quarantined)
        #expect(object.object.quarantineReason == reason)
        #expect(!reason.contains("\n"))
        #expect(object.events.contains { $0.event.type == .quarantine && $0.event.outcome == .success })
        #expect(object.events.contains { $0.event.type == .validation && $0.event.outcome == .failure })
        return reason
    }

    @Test func zeroByteFile() throws {
        let ws = try Workspace()
        #expect(try reason(for: ws.file("empty.tif", []), in: ws) == "empty file (0 bytes)")
    }

    @Test func badBytesArrivingAgainAreStillQuarantined() throws {
        // Not "a duplicate": whatever handles duplicates (archiving them, say) must not take refused bytes.
        let ws = try Workspace()
        let first = try reason(for: ws.file("notes.jpg", Array("Box 4".utf8)), in: ws)
        let again = try ws.ingest([try ws.file("notes-copy.jpg", Array("Box 4".utf8))]).outcomes
        #expect(again.count == 1)
        guard case let .quarantined(id, _, reason) = again[0] else {
            Issue.record("the same bad bytes were not reported as quarantined: \(again)")
            return
        }
        #expect(reason == first)
        #expect(try ws.catalog.details(of: id).paths.count == 2)
    }

    @Test func textWithAnImageExtension() throws {
        let ws = try Workspace()
        let r = try reason(for: ws.file("notes.jpg", Array("Box 4: prints 1-40\n".utf8)), in: ws)
        #expect(r.contains("not a TIFF, PNG or JPEG"))
    }

    @Test(arguments: [EncodeOptions.tiff(compression: .lzw), .tiff(compression: .none), .png, .jpeg(quality: 85)])
    func truncatedAtManyOffsets(_ options: EncodeOptions) throws {
        let ws = try Workspace()
        let whole = try ws.bytes(try ws.image("whole", options, width: 64, height: 48))
        let step = max(1, whole.count / 40)
        var offsets = Array(stride(from: 1, to: whole.count - 1, by: step))
        offsets.append(whole.count - 1)
        var accepted: [Int] = []
        for offset in offsets {
            let path = try ws.file("cut-\(offset)", Array(whole.prefix(offset)))
            let outcome = try ws.ingest([path]).outcomes[0]
            if case .ingested = outcome { accepted.append(offset) }
        }
        // Only a cut inside trailing bytes no decoder needs may pass (e.g. the last byte of a JPEG's EOI marker).
        #expect(accepted.allSatisfy { $0 >= whole.count - 2 }, "accepted truncations at \(accepted) of \(whole.count)")
    }

    @Test(arguments: [EncodeOptions.tiff(compression: .deflate), .png, .jpeg(quality: 85)])
    func bitFlipsNeverCrash(_ options: EncodeOptions) throws {
        let ws = try Workspace()
        let whole = try ws.bytes(try ws.image("whole", options, width: 40, height: 30))
        var flipped = 0
        for position in stride(from: 0, to: whole.count, by: max(1, whole.count / 60)) {
            var bytes = whole
            bytes[position] ^= 0x10
            let path = try ws.file("flip-\(position)", bytes)
            // Either outcome is acceptable for a single flipped bit in pixel data; what matters is a record.
            let outcome = try ws.ingest([path]).outcomes[0]
            if case .quarantined = outcome { flipped += 1 }
        }
        #expect(flipped > 0, "no flipped file was quarantined at all")
    }

    @Test func pngWithABadCRC() throws {
        let ws = try Workspace()
        var bytes = try ws.bytes(try ws.image("good.png", .png))
        bytes[8 + 8 + 13] ^= 0xFF  // first byte of IHDR's CRC
        #expect(try reason(for: ws.file("bad-crc.png", bytes), in: ws).lowercased().contains("crc"))
    }

    /// Issue 15: valid files whose decoder only warns (a describing tag ignored) were quarantined. They
    /// are recorded, with the decoder's message in the validation event and outcome `war`.
    @Test func aFileTheDecoderWarnsAboutIsAcceptedWithAWarning() throws {
        let ws = try Workspace()
        var tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 0)
        tiff.extraEntries = [(297, 3, 1, 1)]  // PageNumber holds two SHORTs, not one
        guard case let .ingested(id, _) = try ws.service.ingestFile(at: ws.file("page.tif", tiff.bytes)) else {
            Issue.record("a whole image was refused"); return
        }
        let events = try ws.catalog.details(of: id).events.map(\.event)
        let validation = try #require(events.first { $0.type == .validation })
        #expect(validation.outcome == .warning)
        #expect(validation.detail.contains("every pixel decoded; decoder warnings: TIFF: "))
        #expect(validation.detail.contains("PageNumber"))
    }

    @Test func tiffWithAnIFDLoop() throws {
        let ws = try Workspace()
        // An 8x8 8-bit grey strip and an IFD whose next-IFD offset points to itself.
        let tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 8).bytes
        let r = try reason(for: ws.file("loop.tif", tiff), in: ws)
        #expect(r.lowercased().contains("loop"), "reason was: \(r)")
    }

    @Test func hugeDeclaredDimensionsAreRefusedBeforeDecoding() throws {
        let ws = try Workspace()
        // PNG: a valid IHDR for 100000x100000 RGB, then nothing.
        let png = pngSignature + pngChunk("IHDR", be32(100_000) + be32(100_000) + [8, 2, 0, 0, 0]) + pngChunk("IEND", [])
        let r = try reason(for: ws.file("huge.png", png), in: ws)
        #expect(r.contains("100000") && r.lowercased().contains("pixel"), "reason was: \(r)")

        // The limit is configurable: a small image over a low limit is refused too.
        let small = try ws.image("small.png", .png, width: 40, height: 40)
        let strict = IngestService(catalog: ws.catalog, limits: DecodeLimits(maxPixels: 1000))
        guard case let .quarantined(_, _, reason) = try strict.ingestFile(at: small) else {
            Issue.record("a 1600-pixel image passed a 1000-pixel limit"); return
        }
        #expect(reason.contains("1000"))
    }

    @Test func nonRegularAndDanglingPathsAreQuarantinedNotFatal() throws {
        let ws = try Workspace()
        let fifo = ws.inbox.appendingPathComponent("pipe.tif").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let dangling = ws.inbox.appendingPathComponent("gone.tif").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "/nonexistent/scan.tif")
        let good = try ws.image("good.png", .png)
        let summary = try ws.ingest([fifo, dangling, good])
        #expect(summary.quarantined == 2 && summary.ingested == 1)
        for outcome in summary.outcomes.prefix(2) {
            guard case let .quarantined(_, _, reason) = outcome else { continue }
            #expect(reason.hasPrefix("unreadable:"), "reason was: \(reason)")
        }
    }

    @Test func aMixedFolderIsIngestedDespiteBadFiles() throws {
        let ws = try Workspace()
        try ws.image("1.tif", .tiff(compression: .lzw))
        try ws.file("2.tif", [])
        try ws.image("3.png", .png)
        try ws.file("4.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00])
        try ws.image("5.jpg", .jpeg(quality: 90))
        let summary = try ws.ingest([ws.inbox.path])
        #expect(summary.ingested == 3 && summary.quarantined == 2)
        #expect(try ws.catalog.originals(matching: OriginalQuery(status: .quarantined)).count == 2)
    }
}
