import ByteFixtures
import Raster
import Testing

/// Files whose pixel data is whole but about which the decoder says something (issue 15: 20 files that
/// Pillow and libtiff read were quarantined). Each kind is accepted with its message in
/// ``ImageInfo/warnings``, and the pixels are those of the file without the oddity; next to each, the
/// damaged file it must not be confused with stays refused.
@Suite struct DecoderWarningsTests {
    /// Validates `bytes`, expecting it to be accepted with a warning containing `message`; returns the
    /// decoded image.
    func acceptedWithWarning(_ bytes: [UInt8], _ message: String) throws -> RasterImage {
        let info = try ImageDecoder.validate(bytes)
        #expect(info.warnings.contains { $0.contains(message) }, "warnings: \(info.warnings)")
        #expect(info.warnings.allSatisfy { !$0.contains("\n") })
        return try ImageDecoder.decode(bytes)
    }

    func refused(_ bytes: [UInt8], _ message: String) {
        #expect(decodeError(bytes)?.description.contains(message) == true, "\(String(describing: decodeError(bytes)))")
        #expect(throws: RasterError.self) { try ImageDecoder.validate(bytes) }
    }

    // MARK: PNG

    static func pngParts() throws -> (chunks: [(type: String, data: [UInt8])], pixels: RasterImage) {
        let png = try DamagedInputTests.sample(.png)
        return (pngChunks(png), try ImageDecoder.decode(png))
    }

    @Test func pngDataAfterTheCompressedImageIsAWarning() throws {
        var (chunks, pixels) = try Self.pngParts()
        let idat = try #require(chunks.lastIndex { $0.type == "IDAT" })
        chunks[idat].data += [0x00, 0x11, 0x22]  // after the zlib stream's end, inside the chunk
        #expect(try acceptedWithWarning(png(chunks: chunks), "IDAT: Extra compressed data").samples == pixels.samples)
    }

    /// The compressed image data holds more than the image: rows past the last, written by a careless
    /// encoder. Every row of the image is there.
    @Test func pngMoreImageDataThanTheImageIsAWarning() throws {
        var (chunks, pixels) = try Self.pngParts()
        guard case .uint8(let samples) = pixels.samples else { Issue.record("8-bit sample"); return }
        let rowBytes = pixels.width * pixels.channels
        // Filter type 0 (none) before each row, then two rows more than IHDR declares.
        var rows: [UInt8] = []
        for y in 0..<pixels.height {
            rows += [0] + samples[y * rowBytes..<(y + 1) * rowBytes]
        }
        rows += [UInt8](repeating: 0, count: 2 * (1 + rowBytes))
        chunks.removeAll { $0.type == "IDAT" }
        let iend = try #require(chunks.firstIndex { $0.type == "IEND" })
        chunks.insert(("IDAT", zlibStored(rows)), at: iend)
        #expect(try acceptedWithWarning(png(chunks: chunks), "IDAT: Too much image data").samples == pixels.samples)
    }

    /// libpng refuses an ICC profile it finds invalid ("known incorrect sRGB profile" is the common case,
    /// from old HP/Microsoft profiles, whose bytes cannot be committed here); the pixels are whole.
    @Test func pngInvalidICCProfileIsAWarning() throws {
        var (chunks, pixels) = try Self.pngParts()
        let iccp = try #require(chunks.firstIndex { $0.type == "iCCP" })
        var profile = iccProfile(gray: false)
        profile[64..<68] = [0, 1, 0, 0]  // rendering intent 65536: ICC allows 16 bits, and defines four
        chunks[iccp].data = Array("ICC profile".utf8) + [0, 0] + zlibStored(profile)
        let decoded = try acceptedWithWarning(png(chunks: chunks), "iCCP: profile 'ICC profile': ")
        #expect(decoded.samples == pixels.samples)
        #expect(decoded.iccProfile == nil, "libpng does not keep a profile it refuses")
    }

    /// The Adler-32 at the end of the image data is the one check of the pixels after the rows: a
    /// mismatch (libpng reports it like extra data, only as a warning) is damage.
    @Test func pngPixelChecksumMismatchIsDamage() throws {
        var (chunks, _) = try Self.pngParts()
        let idat = try #require(chunks.lastIndex { $0.type == "IDAT" })
        chunks[idat].data[chunks[idat].data.count - 1] ^= 0x01
        refused(png(chunks: chunks), "IDAT: incorrect data check")
    }

    @Test func pngMissingImageDataIsDamage() throws {
        var (chunks, _) = try Self.pngParts()
        let idat = try #require(chunks.lastIndex { $0.type == "IDAT" })
        chunks[idat].data.removeLast(chunks[idat].data.count / 2)
        refused(png(chunks: chunks), "PNG: ")
    }

    // MARK: JPEG

    static func jpegParts() throws -> (bytes: [UInt8], pixels: RasterImage) {
        let jpeg = try DamagedInputTests.sample(.jpeg(quality: 85))
        return (jpeg, try ImageDecoder.decode(jpeg))
    }

    /// The offset of the first marker `marker` (FF xx) in `bytes`.
    static func marker(_ marker: UInt8, in bytes: [UInt8]) throws -> Int {
        try #require(bytes.indices.dropLast().first { bytes[$0] == 0xFF && bytes[$0 + 1] == marker })
    }

    /// Stray bytes between segments before the image data: an APPn whose length its writer got wrong.
    @Test func jpegStrayBytesBeforeTheScanAreAWarning() throws {
        var (bytes, pixels) = try Self.jpegParts()
        bytes.insert(contentsOf: [0x00, 0x11, 0x22], at: try Self.marker(0xDB, in: bytes))  // before DQT
        let decoded = try acceptedWithWarning(bytes, "3 extraneous bytes before marker 0xdb")
        #expect(decoded.samples == pixels.samples)
    }

    /// After the scan they are entropy-coded data the decoder did not use: codes read out of step.
    @Test func jpegStrayBytesAfterTheScanAreDamage() throws {
        var (bytes, _) = try Self.jpegParts()
        bytes.insert(contentsOf: [UInt8](repeating: 0x5A, count: 40), at: bytes.count - 2)  // before EOI
        refused(bytes, "extraneous bytes before marker 0xd9")
    }

    @Test func jpegBadICCMarkerIsAWarning() throws {
        var (bytes, pixels) = try Self.jpegParts()
        let app2 = try Self.marker(0xE2, in: bytes)
        #expect(Array(bytes[app2 + 4..<app2 + 16]) == Array("ICC_PROFILE\0".utf8))
        bytes[app2 + 16] = 0  // sequence number 0: there is none
        let decoded = try acceptedWithWarning(bytes, "bad ICC marker")
        #expect(decoded.samples == pixels.samples)
        #expect(decoded.iccProfile == nil)
    }

    @Test func jpegFlippedEntropyBitsAreDamage() throws {
        var (bytes, _) = try Self.jpegParts()
        let scan = try Self.marker(0xDA, in: bytes)
        for offset in stride(from: scan + 20, to: bytes.count - 2, by: 17) where bytes[offset] != 0xFF {
            bytes[offset] ^= 0x10
        }
        #expect(throws: RasterError.self) { try ImageDecoder.validate(bytes) }
    }

    // MARK: TIFF

    static let pixels8x8 = [UInt8](repeating: 128, count: 64)

    /// PageNumber holds two SHORTs; a writer that wrote one: libtiff ignores the tag.
    @Test func tiffIncorrectCountOfADescribingTagIsAWarning() throws {
        var tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 0)
        tiff.extraEntries = [(297, 3, 1, 1)]
        let decoded = try acceptedWithWarning(tiff.bytes, "incorrect count for field \"PageNumber\"")
        #expect(decoded.samples == .uint8(Self.pixels8x8))
    }

    /// A single strip whose byte count is 0 (a writer that did not know it): libtiff computes it from the
    /// image size, and the decode proves the strip is there.
    @Test func tiffBogusStripByteCountsIsAWarning() throws {
        var tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 0)
        tiff.stripByteCount = 0
        let decoded = try acceptedWithWarning(tiff.bytes, "Bogus \"StripByteCounts\"")
        #expect(decoded.samples == .uint8(Self.pixels8x8))
    }

    @Test func tiffBogusStripByteCountsWithTheStripCutShortIsDamage() throws {
        var tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 0)
        tiff.stripByteCount = 0
        refused(Array(tiff.bytes.dropLast(20)), "TIFF: ")
    }

    /// The chain of further pages loops (IFD1 points to itself): the first page, the one decoded, is
    /// whole; the count stops at the loop.
    @Test func tiffIFDLoopAfterTheFirstPageIsAWarning() throws {
        var tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 0)
        tiff.pages = 2
        tiff.nextIFD = tiff.directoryOffset(1)
        let info = try ImageDecoder.validate(tiff.bytes)
        #expect(info.warnings.contains { $0.lowercased().contains("loop") }, "warnings: \(info.warnings)")
        #expect(try ImageDecoder.decode(tiff.bytes).samples == .uint8(Self.pixels8x8))
        // IFD0 pointing to itself is refused (DamagedInputTests.tiffIFDLoopIsNamed).
    }

    @Test func wholeFilesHaveNoWarnings() throws {
        for options in DamagedInputTests.formats {
            #expect(try ImageDecoder.validate(DamagedInputTests.sample(options)).warnings.isEmpty, "\(options)")
        }
        #expect(try ImageDecoder.validate(MinimalTIFF(width: 8, height: 8, nextIFD: 0).bytes).warnings.isEmpty)
    }
}
