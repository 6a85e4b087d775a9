import ByteFixtures
import CTIFF
import Raster
import Testing

/// Damaged, forged and unsupported files give a ``RasterError`` with a one-line reason naming the cause;
/// none crashes, hangs or is accepted.
@Suite struct DamagedInputTests {
    static let formats: [EncodeOptions] = [.tiff(compression: .none), .tiff(compression: .lzw),
                                           .tiff(compression: .deflate), .png, .jpeg(quality: 85)]

    static func sample(_ options: EncodeOptions) throws -> [UInt8] {
        let count = 40 * 30 * 3
        let image = RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8,
                                samples: .uint8(scatteredSamples(count: count, maxValue: 255).map(UInt8.init)),
                                iccProfile: iccProfile(gray: false))
        return try ImageEncoder.encode(image, as: options)
    }

    /// Every cut short of the last two bytes (a JPEG's EOI) is refused by both decode and validate.
    @Test(arguments: formats)
    func truncationIsRefused(_ options: EncodeOptions) throws {
        let whole = try Self.sample(options)
        for length in stride(from: 0, to: whole.count - 2, by: max(1, whole.count / 97)) {
            let cut = Array(whole.prefix(length))
            let error = decodeError(cut)
            #expect(error != nil, "cut at \(length) of \(whole.count) decoded")
            #expect(!(error?.description.contains("\n") ?? false))
            #expect((try? ImageDecoder.validate(cut)) == nil, "cut at \(length) of \(whole.count) validated")
        }
    }

    @Test func pngCRCErrorsAreNamed() throws {
        var critical = try Self.sample(.png)
        critical[8 + 8 + 13] ^= 0xFF  // IHDR's CRC
        #expect(decodeError(critical)?.description.contains("CRC") == true)

        // An ancillary chunk (iCCP comes right after IHDR) with a bad CRC is damage too, not a warning.
        var ancillary = try Self.sample(.png)
        let iccpLength = ancillary[33..<37].reduce(0) { $0 << 8 | Int($1) }
        #expect(Array(ancillary[37..<41]) == Array("iCCP".utf8))
        ancillary[41 + iccpLength] ^= 0xFF
        let error = decodeError(ancillary)
        #expect(error?.description.contains("CRC") == true, "\(String(describing: error))")
    }

    @Test func tiffIFDLoopIsNamed() {
        let tiff = MinimalTIFF(width: 8, height: 8, nextIFD: 8).bytes
        guard case .corrupt(let reason)? = decodeError(tiff) else { Issue.record("no corrupt error"); return }
        #expect(reason.lowercased().contains("loop"), "reason: \(reason)")
    }

    /// 100000×100000 is refused from the header, fast and without allocating 10¹⁰ samples.
    @Test func declaredSizesOverTheLimitAreRefusedFromTheHeader() throws {
        let png = pngSignature + pngChunk("IHDR", be32(100_000) + be32(100_000) + [8, 2, 0, 0, 0]) + pngChunk("IEND", [])
        var jpeg = try Self.sample(.jpeg(quality: 85))
        let sof = try #require(jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: [0xEA, 0x60, 0xEA, 0x60])  // 60000×60000
        let tiff = MinimalTIFF(width: 100_000, height: 100_000, nextIFD: 0).bytes
        let cases: [([UInt8], Int)] = [(png, 100_000), (jpeg, 60000), (tiff, 100_000)]
        for (bytes, side) in cases {
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                #expect(decodeError(bytes) == .tooLarge(width: side, height: side, limit: DecodeLimits.standard.maxPixels))
                #expect(throws: RasterError.tooLarge(width: side, height: side, limit: DecodeLimits.standard.maxPixels)) {
                    try ImageDecoder.validate(bytes)
                }
            }
            #expect(elapsed < .seconds(1))
        }
        #expect(RasterError.tooLarge(width: 100_000, height: 100_000, limit: 500_000_000).description
            == "image too large: 100000×100000 is 10000000000 pixels, the limit is 500000000")
    }

    @Test(arguments: formats)
    func theLimitIsConfigurable(_ options: EncodeOptions) throws {
        let bytes = try Self.sample(options)
        #expect(decodeError(bytes, limits: DecodeLimits(maxPixels: 1000)) == .tooLarge(width: 40, height: 30, limit: 1000))
        #expect(try ImageDecoder.decode(bytes, limits: DecodeLimits(maxPixels: 1200)).width == 40)
    }

    @Test func emptyAndForeignBytesAreNamed() {
        #expect(decodeError([])?.description == "corrupt or truncated image: empty file (0 bytes)")
        #expect(decodeError(Array("Box 4: prints".utf8)) == .unsupported("unsupported format: not a TIFF, PNG or JPEG signature"))
    }

    @Test func unsupportedTIFFModesAreNamed() throws {
        let cmyk = try buildTIFF { tif in
            Self.header(tif, bits: 8, samples: 4, photometric: PHOTOMETRIC_SEPARATED)
            var row = [UInt8](repeating: 7, count: 4 * 4 * 4)
            #expect(TIFFWriteEncodedStrip(tif, 0, &row, tmsize_t(row.count)) >= 0)
        }
        #expect(decodeError(cmyk) == .unsupported("unsupported TIFF: CMYK (separated) photometric"))
        let float = try buildTIFF { tif in
            Self.header(tif, bits: 32, samples: 1, photometric: PHOTOMETRIC_MINISBLACK)
            setTag(tif, TIFFTAG_SAMPLEFORMAT, Int(SAMPLEFORMAT_IEEEFP))
            var row = [UInt8](repeating: 0, count: 4 * 4 * 4)
            #expect(TIFFWriteEncodedStrip(tif, 0, &row, tmsize_t(row.count)) >= 0)
        }
        #expect(decodeError(float) == .unsupported("unsupported TIFF: floating-point samples"))
    }

    private static func header(_ tif: OpaquePointer, bits: Int, samples: Int, photometric: Int32) {
        setTag(tif, TIFFTAG_IMAGEWIDTH, 4, wide: true)
        setTag(tif, TIFFTAG_IMAGELENGTH, 4, wide: true)
        setTag(tif, TIFFTAG_BITSPERSAMPLE, bits)
        setTag(tif, TIFFTAG_SAMPLESPERPIXEL, samples)
        setTag(tif, TIFFTAG_PHOTOMETRIC, Int(photometric))
        setTag(tif, TIFFTAG_ROWSPERSTRIP, 4, wide: true)
    }
}
