import ByteFixtures
import Testing
@testable import Metadata

/// Damaged and hostile metadata: each must end in warnings (or, for broken framing, `malformed`), never a
/// crash, a hang, or an allocation the file's size does not justify.
@Suite struct HostileInputTests {
    typealias B = HostileBytes

    @Test func ifdLoopIsReadOnce() throws {
        let tiff = B.tiffHeader + B.directory([B.make], next: 8)
        let metadata = try FixtureFile.read(tiff)
        #expect(metadata.tags.map(\.qualifiedName) == ["IFD0:Make"])
        #expect(metadata.warnings.contains { $0.contains("directory loop") })
    }

    @Test func subdirectoryPointingBackIsReadOnce() throws {
        let exifPointer = B.Entry(tag: 0x8769, type: 4, count: 1, value: B.be32(8))
        let tiff = B.tiffHeader + B.directory([B.make, exifPointer])
        let metadata = try FixtureFile.read(tiff)
        #expect(metadata.tag("IFD0:Make")?.value == "Hi!")
        #expect(metadata.warnings.contains { $0.contains("directory loop") })
    }

    @Test func valuePastTheEndIsSkipped() throws {
        let long = B.Entry(tag: 0x010E, type: 2, count: 1000, value: B.be32(8))
        let huge = B.Entry(tag: 0x011A, type: 5, count: 0xFFFF_FFFF, value: B.be32(8))
        let tiff = B.tiffHeader + B.directory([long, huge, B.make])
        let metadata = try FixtureFile.read(tiff)
        #expect(metadata.tags.map(\.qualifiedName) == ["IFD0:Make"])
        #expect(metadata.warnings.filter { $0.contains("runs past the end") }.count == 2)
    }

    @Test func directoryCountPastTheEndIsAWarning() throws {
        let tiff = B.tiffHeader + B.be16(0xFFFF) + [0, 0, 0, 0]
        let metadata = try FixtureFile.read(tiff)
        #expect(metadata.tags.isEmpty)
        #expect(metadata.warnings.contains { $0.contains("runs past the end") })
    }

    @Test func unknownFieldTypeIsAWarning() throws {
        let bad = B.Entry(tag: 0x0110, type: 99, count: 1, value: [0, 0, 0, 0])
        let metadata = try FixtureFile.read(B.tiffHeader + B.directory([bad, B.make]))
        #expect(metadata.tags.map(\.qualifiedName) == ["IFD0:Make"])
        #expect(metadata.warnings.contains { $0.contains("unknown type 99") })
    }

    @Test func truncatedExifBlockInJPEGIsAWarning() throws {
        // IFD0 claims three entries; the block ends after the first.
        let tiff = B.tiffHeader + B.be16(3) + B.be16(B.make.tag) + B.be16(2) + B.be32(4) + B.make.value
        let metadata = try FixtureFile.read(B.jpeg([B.exifSegment(tiff)]))
        #expect(metadata.tag("IFD0:Make")?.value == "Hi!")
        #expect(!metadata.warnings.isEmpty)
    }

    @Test func exifLoopInJPEGIsAWarning() throws {
        let exifPointer = B.Entry(tag: 0x8769, type: 4, count: 1, value: B.be32(8))
        let tiff = B.tiffHeader + B.directory([B.make, exifPointer], next: 8)
        let metadata = try FixtureFile.read(B.jpeg([B.exifSegment(tiff)]))
        #expect(metadata.tag("IFD0:Make")?.value == "Hi!")
        // libexif reads the EXIF IFD once (it is IFD0's bytes) and refuses to recurse again.
        #expect(metadata.warnings.contains { $0.contains("Recursive") || $0.contains("multiple times") })
    }

    @Test func badZTXtStreamIsAWarning() throws {
        let garbage = B.chunk("zTXt", Array("Description".utf8) + [0, 0] + [0x78, 0x9C, 0xDE, 0xAD, 0xBE, 0xEF])
        let title = B.chunk("tEXt", Array("Title\0Kept".utf8))
        let metadata = try FixtureFile.read(B.png([garbage, title]))
        #expect(metadata.tag("PNG:Title")?.value == "Kept")
        #expect(metadata.tag("PNG:Description") == nil)
        #expect(metadata.warnings.contains { $0.contains("zTXt") && $0.contains("zlib") })
    }

    @Test func chunkWithBadCRCIsSkipped() throws {
        let bad = B.chunk("tEXt", Array("Title\0Damaged".utf8), crc: 0x1234_5678)
        let metadata = try FixtureFile.read(B.png([bad]))
        #expect(metadata.tag("PNG:Title") == nil)
        #expect(metadata.warnings.contains { $0.contains("bad CRC") })
    }

    /// Issue 15: 60 zTXt chunks of 2 MiB each in a small PNG made a 378 MB catalog. What is kept is
    /// capped per file; the rest is counted in one warning, and most chunks are never inflated.
    @Test func compressedTextIsKeptWithinTheCapPerFile() throws {
        let stream = zlibRuns(of: UInt8(ascii: "a"), runs: 8128)  // 2,097,025 bytes of text
        let chunks = (0..<60).map { B.chunk("zTXt", Array("Comment\($0)".utf8) + [0, 0] + stream) }
        let title = B.chunk("tEXt", Array("Title\0Kept".utf8))
        let metadata = try FixtureFile.read(B.png(chunks + [title]))
        let text = metadata.tags.reduce(0) { $0 + $1.group.utf8.count + $1.name.utf8.count + $1.value.utf8.count }
        #expect(text <= MetadataReader.maxBytes)
        #expect(metadata.tag("PNG:Comment0")?.value.utf8.count == 2_097_025, "what fits is kept whole")
        #expect(metadata.tag("PNG:Title")?.value == "Kept", "a small value after the cap still fits")
        #expect(metadata.omitted.values + metadata.omitted.uninflated == 58, "two of 60 fit")
        #expect(metadata.omitted.uninflated >= 57, "once the allowance is spent, chunks stay compressed")
        #expect(metadata.warnings.contains { $0.hasPrefix("metadata over the 4 MiB kept per file") })
    }

    @Test func valuesOverTheCapAreDroppedWholeWithAWarning() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let xmp = B.chunk("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + Array(repeating: UInt8(ascii: "x"), count: 5 << 20))
        let texts = (0..<5).map { B.chunk("tEXt", Array("Note\($0)".utf8) + [0] + big) }
        let metadata = try FixtureFile.read(B.png([xmp] + texts))
        #expect(metadata.xmpPacket == nil, "a 5 MiB XMP packet does not fit at all")
        #expect(metadata.tags.filter { $0.name.hasPrefix("Note") }.count == 3, "three 1 MiB values and their names fit")
        #expect(metadata.omitted == OmittedMetadata(values: 3, bytes: (5 << 20) + 2 * ((1 << 20) + 8)))
        let warning = try #require(metadata.warnings.last)
        #expect(warning.contains("3 values (\((5 << 20) + 2 * ((1 << 20) + 8)) bytes of text) left out"))
    }

    /// PNG allows one iCCP chunk, and each may inflate to 64 MiB: later ones are not inflated.
    @Test func aSecondICCProfileIsSkipped() throws {
        let bomb = B.chunk("iCCP", Array("second".utf8) + [0, 0] + zlibRuns(of: 0, runs: 260_000))
        let empty: [UInt8] = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]  // a zlib stream of nothing
        let metadata = try FixtureFile.read(B.png([B.chunk("iCCP", Array("first".utf8) + [0, 0] + empty), bomb]))
        #expect(metadata.tags.filter { $0.name == "ProfileName" }.map(\.value) == ["first"])
        #expect(metadata.warnings.contains { $0.contains("a second profile; skipped") })
    }

    @Test func metadataUnderTheCapIsUntouched() throws {
        let title = B.chunk("tEXt", Array("Title\0Kept".utf8))
        let metadata = try FixtureFile.read(B.png([title]))
        #expect(metadata.omitted.isEmpty && metadata.warnings.isEmpty)
    }

    /// libjpeg skips stray bytes between segments with a warning (the image is accepted, issue 15); the
    /// metadata after them is still read.
    @Test func strayBytesBetweenJPEGSegmentsAreSkippedWithAWarning() throws {
        var jpeg = B.jpeg([(0xFE, Array("before".utf8))])
        jpeg.insert(contentsOf: [0x00, 0x11, 0x22], at: jpeg.count - 2)
        jpeg.insert(contentsOf: [0xFF, 0xFE, 0x00, 0x07] + Array("after".utf8), at: jpeg.count - 2)
        let metadata = try FixtureFile.read(jpeg)
        #expect(metadata.tags.map(\.value) == ["before", "after"])
        #expect(metadata.warnings.contains { $0.contains("3 stray bytes before the marker") })
    }

    @Test func brokenFramingThrows() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, 0x45, 0x78]
        #expect(throws: MetadataError.self) { try FixtureFile.read(jpeg) }
        let png = B.png([]).prefix(8) + B.be32(0x7FFF_FFFF) + Array("tEXt".utf8)
        #expect(throws: MetadataError.self) { try FixtureFile.read(Array(png)) }
        #expect(throws: MetadataError.self) { try FixtureFile.read([0x4D, 0x4D, 0x00, 0x2A]) }
    }

    /// Every fixture cut short at many lengths, and with bytes flipped: a result or `malformed`, nothing else.
    @Test(arguments: ExifToolParityTests.fixtures)
    func truncatedAndFlippedFixturesDoNotCrash(_ name: String) throws {
        let bytes = try FixtureFile(name).bytes
        for length in stride(from: 8, to: bytes.count, by: 29) {
            _ = try? FixtureFile.read(Array(bytes.prefix(length)))
        }
        for position in stride(from: 8, to: bytes.count, by: 31) {
            var flipped = bytes
            flipped[position] ^= 0xFF
            _ = try? FixtureFile.read(flipped)
        }
    }
}
