import Testing
@testable import Metadata

/// Conservator's rows against `exiftool -json -G1 -a -n` on the same files (Fixtures/make-fixtures.sh).
///
/// For the groups the reader claims, every ExifTool value must be a row with the same text, and every row
/// must be an ExifTool value, except for these deliberate differences:
/// - `IFD1:ThumbnailOffset` in a JPEG: libexif consumes the thumbnail's offset tag and does not keep it
///   (see `ExifBlockReader`); the thumbnail's length and the binary thumbnail itself are recorded.
/// - Tags ExifTool has no name for: ExifTool lists them only with `-u`; Conservator records them all, as
///   `Exif_0xabcd` (metadata-edge.tif has one).
/// Tags ExifTool computes rather than reads (`Composite:*`, `File:*` other than the JPEG comment,
/// `ICC-header:*`, `XMP-*`) are outside the claimed groups; the XMP packet and the ICC profile are checked
/// as wholes instead.
@Suite struct ExifToolParityTests {
    static let claimedGroups: Set<String> = ["IFD0", "IFD1", "ExifIFD", "GPS", "InteropIFD", "PNG", "PNG-pHYs"]
    static let claimedTags: Set<String> = ["File:Comment"]
    static let notKeptByLibexif: Set<String> = ["IFD1:ThumbnailOffset"]

    static let fixtures = ["metadata.jpg", "metadata8.tif", "metadata16.tif", "metadata.png", "metadata-magick.png",
                           "metadata-edge.tif"]

    @Test(arguments: fixtures)
    func tagsMatchExifTool(_ name: String) throws {
        let fixture = try FixtureFile(name)
        let metadata = try fixture.read()
        let exempt = name.hasSuffix(".jpg") ? Self.notKeptByLibexif : []
        let expected = fixture.exifTool.entries.filter { entry in
            Self.claimed(entry.key) && !exempt.contains(entry.key)
        }
        let ours = metadata.tags.filter { !$0.name.hasPrefix("Exif_") && !$0.name.hasPrefix("GPS_0x") }
        #expect(metadata.warnings.isEmpty, "\(metadata.warnings)")
        #expect(expected.count > 20)
        for entry in expected {
            let found = ours.filter { $0.qualifiedName == entry.key }.map(\.value)
            #expect(found == [entry.value], "\(name) \(entry.key): ExifTool \(entry.value), ours \(found)")
        }
        let expectedKeys = Set(expected.map(\.key))
        for tag in ours where !expectedKeys.contains(tag.qualifiedName) {
            Issue.record("\(name) \(tag.qualifiedName) = \(tag.value): ExifTool does not list it")
        }
    }

    @Test(arguments: fixtures)
    func xmpAndICCMatchExifTool(_ name: String) throws {
        let fixture = try FixtureFile(name)
        let metadata = try fixture.read()
        if let title = fixture.exifTool["XMP-dc:Title"] {
            let packet = try #require(metadata.xmpPacket)
            #expect(packet.hasPrefix("<?xpacket begin="))
            #expect(packet.contains(title))
            #expect(!packet.hasSuffix("\0"))
        } else {
            #expect(metadata.xmpPacket == nil)
        }
        if let sha256 = fixture.iccSHA256 {
            let icc = try #require(metadata.iccProfile)
            #expect(icc.sha256 == sha256)
            #expect(icc.description == fixture.exifTool["ICC_Profile:ProfileDescription"])
        } else {
            #expect(metadata.iccProfile == nil)
        }
    }

    private static func claimed(_ key: String) -> Bool {
        guard let colon = key.firstIndex(of: ":") else { return false }
        return claimedGroups.contains(String(key[..<colon])) || claimedTags.contains(key)
    }
}

/// What ExifTool leaves out without `-u`, and structures ExifTool reads that the fixtures do not hold.
@Suite struct BeyondExifToolDefaultsTests {
    @Test func unknownTagsAreKeptUnderExifToolsUnknownName() throws {
        let metadata = try FixtureFile("metadata-edge.tif").read()
        let unknown = try #require(metadata.tag("ExifIFD:Exif_0xabcd"))
        #expect(unknown.tagID == 0xABCD)
        #expect(unknown.value == "(Binary data 6 bytes, use -b option to extract)")
    }

    @Test func bigTIFFDirectoriesAreRead() throws {
        typealias B = HostileBytes
        // "MM", 43, offset size 8, 0, IFD0 at 16; one 20-byte entry: Make, ASCII, count 4, inline "Hi!".
        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2B, 0x00, 0x08, 0x00, 0x00] + [0, 0, 0, 0] + B.be32(16)
        tiff += [0, 0, 0, 0] + B.be32(1)
        tiff += B.be16(0x010F) + B.be16(2) + [0, 0, 0, 0] + B.be32(4) + Array("Hi!\0".utf8) + [0, 0, 0, 0]
        tiff += [UInt8](repeating: 0, count: 8)
        let metadata = try FixtureFile.read(tiff)
        #expect(metadata.tags.map(\.qualifiedName) == ["IFD0:Make"])
        #expect(metadata.tag("IFD0:Make")?.value == "Hi!")
        #expect(metadata.warnings.isEmpty)
    }
}
