import Catalog
import Foundation
import Testing

@Suite struct QueryTests {
    /// Three accepted originals (two TIFF by Nikon, one PNG by Canon) and one quarantined file.
    private func populated(_ dir: URL) throws -> (Catalog, [Int64]) {
        let catalog = try makeCatalog(in: dir)
        var ids: [Int64] = []
        for (digit, format, make) in [("1", "tiff", "Nikon"), ("2", "tiff", "Nikon"), ("3", "png", "Canon")] {
            if case let .inserted(id) = try catalog.record(
                newOriginal(sha256: sha(Character(digit)), path: "/in/\(digit).\(format)", format: format, make: make),
                by: testAgent) { ids.append(id) }
        }
        _ = try catalog.record(NewObject(object: StoredObject(status: .quarantined, sha256: sha("4"), size: 0,
                                                              quarantineReason: "empty file (0 bytes)"),
                                         path: "/in/empty.tif", events: []), by: testAgent)
        return (catalog, ids)
    }

    @Test func filtersCombineByFormatTagAndStatus() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, ids) = try populated(dir)
        #expect(try catalog.originals(matching: OriginalQuery()).map(\.object.id) == ids)
        #expect(try catalog.originals(matching: OriginalQuery(format: "tiff")).map(\.object.id) == Array(ids.prefix(2)))
        let canon = [TagCondition(group: "IFD0", name: "Make", value: "Canon")]
        #expect(try catalog.originals(matching: OriginalQuery(tags: canon)).map(\.object.id) == [ids[2]])
        #expect(try catalog.originals(matching: OriginalQuery(format: "tiff", tags: canon)).isEmpty)
        let quarantined = try catalog.originals(matching: OriginalQuery(status: .quarantined))
        #expect(quarantined.map(\.object.quarantineReason) == ["empty file (0 bytes)"])
        #expect(quarantined.first?.paths == ["/in/empty.tif"])
    }

    /// After the daemon moved a quarantined file (or an original) away, a query shows where it is now first, and the
    /// path it arrived at after it.
    @Test func aMovedFileIsListedAtItsCurrentPathFirst() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, ids) = try populated(dir)
        let quarantinedID = try #require(try catalog.originals(matching: OriginalQuery(status: .quarantined)).first?.object.id)
        for (id, old, new) in [(quarantinedID, "/in/empty.tif", "/quarantine/empty.tif"), (ids[0], "/in/1.tiff", "/archive/1.tiff")] {
            try catalog.recordMove(objectID: id, from: old, to: new, event: NewEvent(.fixityCheck, .success, "moved"),
                                   by: testAgent)
        }
        #expect(try catalog.originals(matching: OriginalQuery(status: .quarantined)).first?.paths
                == ["/quarantine/empty.tif", "/in/empty.tif"])
        #expect(try catalog.originals(matching: OriginalQuery()).first?.paths == ["/archive/1.tiff", "/in/1.tiff"])
    }

    @Test func sinceComparesRecordingTime() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, ids) = try populated(dir)
        let past = Timestamp.format(Date(timeIntervalSinceNow: -3600))
        let future = Timestamp.format(Date(timeIntervalSinceNow: 3600))
        #expect(try catalog.originals(matching: OriginalQuery(since: past)).map(\.object.id) == ids)
        #expect(try catalog.originals(matching: OriginalQuery(since: future)).isEmpty)
    }

    @Test func resolveTakesIdShaPrefixOrPath() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (catalog, ids) = try populated(dir)
        #expect(try catalog.resolve(String(ids[1])).id == ids[1])
        #expect(try catalog.resolve(sha("3")).id == ids[2])
        #expect(try catalog.resolve(String(sha("3").prefix(10)).uppercased()).id == ids[2])
        #expect(try catalog.resolve("/in/2.tiff").id == ids[1])
        #expect(throws: CatalogError.self) { try catalog.resolve("/in/never-seen.tif") }
        #expect(throws: CatalogError.self) { try catalog.resolve("12345") }
    }

    @Test func tagConditionParsing() {
        #expect(TagCondition(parsing: "IFD0:Make=Nikon") == TagCondition(group: "IFD0", name: "Make", value: "Nikon"))
        #expect(TagCondition(parsing: "ExifIFD:DateTimeOriginal=2020:01:02 03:04:05")?.value == "2020:01:02 03:04:05")
        #expect(TagCondition(parsing: "IFD0:Make=")?.value == "")
        #expect(TagCondition(parsing: "Make=Nikon") == nil)
        #expect(TagCondition(parsing: "IFD0:Make") == nil)
        #expect(TagCondition(parsing: ":Make=x") == nil)
    }

    @Test func timestampsParseDatesAndTimes() {
        #expect(Timestamp.parse("2026-11-25").map(Timestamp.format) == "2026-11-25T00:00:00.000Z")
        #expect(Timestamp.parse("2026-11-25T08:30:00Z").map(Timestamp.format) == "2026-11-25T08:30:00.000Z")
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test func timestampFormatAgreesWithFoundationsISO8601Style() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        let samples = (0..<2000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0...4_102_444_800, using: &generator)) }
            + [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400.9999), Date()]
        for date in samples {
            #expect(Timestamp.format(date) == date.formatted(style), "\(date.timeIntervalSince1970)")
        }
    }
}
