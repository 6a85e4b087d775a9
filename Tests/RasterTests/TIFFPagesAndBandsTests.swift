import CTIFF
import Raster
import Testing

/// Multi-page files and strips too large to hold: only the first page is decoded, every page is
/// counted, and a huge strip is read a scanline at a time with the same result.
@Suite struct TIFFPagesAndBandsTests {
    @Test func pagesAreCountedAndTheFirstIsDecoded() throws {
        let pages = (0..<3).map { page in scatteredSamples(count: 6 * 5, maxValue: 255, seed: page).map(UInt8.init) }
        let bytes = try buildTIFF { tif in
            for var samples in pages {
                setTag(tif, TIFFTAG_IMAGEWIDTH, 6, wide: true)
                setTag(tif, TIFFTAG_IMAGELENGTH, 5, wide: true)
                setTag(tif, TIFFTAG_BITSPERSAMPLE, 8)
                setTag(tif, TIFFTAG_SAMPLESPERPIXEL, 1)
                setTag(tif, TIFFTAG_PHOTOMETRIC, Int(PHOTOMETRIC_MINISBLACK))
                setTag(tif, TIFFTAG_ROWSPERSTRIP, 5, wide: true)
                #expect(TIFFWriteEncodedStrip(tif, 0, &samples, tmsize_t(samples.count)) >= 0)
                #expect(TIFFWriteDirectory(tif) != 0)
            }
        }
        #expect(try ImageDecoder.info(of: bytes).pageCount == 3)
        #expect(try ImageDecoder.decode(bytes).samples == .uint8(pages[0]))
    }

    /// A 16-bit RGB image written as one strip, read with a strip limit far below its size.
    @Test(arguments: [TIFFCompression.none, .lzw, .deflate])
    func hugeStripsAreReadByScanline(_ compression: TIFFCompression) throws {
        let count = 50 * 40 * 3
        let image = RasterImage(width: 50, height: 40, channels: 3, bitDepth: 16,
                                samples: .uint16(scatteredSamples(count: count, maxValue: 65535).map(UInt16.init)))
        let bytes = try ImageEncoder.encode(image, as: .tiff(compression: compression))
        let small = DecodeLimits(maxStripBytes: 1000)
        #expect(try ImageDecoder.decode(bytes, limits: small) == image)
        #expect(try ImageDecoder.validate(bytes, limits: small).height == 40)
    }
}
