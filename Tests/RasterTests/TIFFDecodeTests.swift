import CShims
import CTIFF
import Raster
import Testing

/// Every TIFF storage mode decodes to exactly the samples written (JPEG-in-TIFF: within JPEG's loss).
@Suite struct TIFFDecodeTests {
    @Test(arguments: TIFFMode.all)
    func decodesEveryMode(_ mode: TIFFMode) throws {
        let spp = mode.samplesPerPixel
        let count = TIFFMode.width * TIFFMode.height * spp
        // File samples, pixel-interleaved: scattered values for lossless modes, a smooth image for JPEG.
        let stored = mode.isJPEG
            ? smoothSamples(width: TIFFMode.width, height: TIFFMode.height, channels: spp).map(Int.init)
            : scatteredSamples(count: count, maxValue: (1 << mode.bits) - 1, seed: mode.bits)
        let colormap = mode.color == .palette ? Self.colormap(bits: mode.bits) : nil
        let bytes = try write(mode, stored: stored, colormap: colormap)

        let image = try ImageDecoder.decode(bytes)
        let expected = Self.expectedSamples(mode, stored: stored, colormap: colormap)
        #expect(image.width == TIFFMode.width && image.height == TIFFMode.height)
        #expect(image.channels == (mode.color == .palette ? 3 : spp))
        #expect(image.bitDepth == expected.bitDepth)
        let decoded = values(image.samples)
        if mode.isJPEG {
            let worst = zip(decoded, expected.samples).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 12, "JPEG-in-TIFF differs by up to \(worst)")
        } else {
            #expect(decoded == expected.samples)
        }
        #expect(try ImageDecoder.validate(bytes).width == TIFFMode.width)
        // With a strip limit below every strip's size, strips are read a scanline at a time where the
        // compression allows it, and must give the same image.
        let byScanline = DecodeLimits(maxStripBytes: 8)
        #expect(try ImageDecoder.decode(bytes, limits: byScanline) == image)
        #expect(try ImageDecoder.validate(bytes, limits: byScanline).width == TIFFMode.width)

        let info = try ImageDecoder.info(of: bytes)
        #expect(info.format == .tiff && info.pageCount == 1 && info.bitDepth == mode.bits)
    }

    /// Both scaled (TIFF convention, ×257) and full 16-bit colormaps, so both decoded depths are seen.
    private static func colormap(bits: Int) -> [[UInt16]] {
        let entries = 1 << bits
        let scaled = bits != 4
        return (0..<3).map { c in
            (0..<entries).map { i in
                let value = (i * 37 + c * 91 + 5) % 256
                return scaled ? UInt16(value * 257) : UInt16((i * 4099 + c * 13_001 + 3) % 65536)
            }
        }
    }

    private static func expectedSamples(_ mode: TIFFMode, stored: [Int], colormap: [[UInt16]]?)
        -> (samples: [Int], bitDepth: Int) {
        if let colormap {
            let scaled = colormap.allSatisfy { $0.allSatisfy { $0 % 257 == 0 } }
            return (stored.flatMap { index in (0..<3).map { c in Int(colormap[c][index]) / (scaled ? 257 : 1) } },
                    scaled ? 8 : 16)
        }
        if mode.color == .minIsWhite {
            return (stored.map { (1 << mode.bits) - 1 - $0 }, mode.bits)
        }
        return (stored, mode.bits)
    }

    /// Writes one page with libtiff in `mode`, `stored` being pixel-interleaved file samples.
    private func write(_ mode: TIFFMode, stored: [Int], colormap: [[UInt16]]?) throws -> [UInt8] {
        let spp = mode.samplesPerPixel
        let (width, height) = (TIFFMode.width, TIFFMode.height)
        return try buildTIFF { tif in
            setTag(tif, TIFFTAG_IMAGEWIDTH, width, wide: true)
            setTag(tif, TIFFTAG_IMAGELENGTH, height, wide: true)
            setTag(tif, TIFFTAG_BITSPERSAMPLE, mode.bits)
            setTag(tif, TIFFTAG_SAMPLESPERPIXEL, spp)
            setTag(tif, TIFFTAG_PLANARCONFIG, Int(mode.planar ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG))
            setTag(tif, TIFFTAG_COMPRESSION, Int(mode.compression))
            let photometric: Int32 = switch mode.color {
            case .gray, .grayAlpha: PHOTOMETRIC_MINISBLACK
            case .minIsWhite: PHOTOMETRIC_MINISWHITE
            case .rgb, .rgba: mode.isJPEG ? PHOTOMETRIC_YCBCR : PHOTOMETRIC_RGB
            case .palette: PHOTOMETRIC_PALETTE
            }
            setTag(tif, TIFFTAG_PHOTOMETRIC, Int(photometric))
            if mode.predictor { setTag(tif, TIFFTAG_PREDICTOR, Int(PREDICTOR_HORIZONTAL)) }
            if mode.isJPEG {
                setTag(tif, TIFFTAG_JPEGQUALITY, 100, wide: true)
                if photometric == PHOTOMETRIC_YCBCR { setTag(tif, TIFFTAG_JPEGCOLORMODE, Int(JPEGCOLORMODE_RGB)) }
            }
            if mode.color == .grayAlpha || mode.color == .rgba {
                var extra = UInt16(EXTRASAMPLE_UNASSALPHA)
                #expect(cshim_tiff_set_u16_count_ptr(tif, UInt32(TIFFTAG_EXTRASAMPLES), 1, &extra) != 0)
            }
            if let colormap {
                #expect(cshim_tiff_set_colormap(tif, colormap[0], colormap[1], colormap[2]) != 0)
            }
            let blockWidth = mode.tiled ? 16 : width
            let blockHeight = mode.tiled ? 16 : (mode.isJPEG ? 16 : 5)
            if mode.tiled {
                setTag(tif, TIFFTAG_TILEWIDTH, blockWidth, wide: true)
                setTag(tif, TIFFTAG_TILELENGTH, blockHeight, wide: true)
            } else {
                setTag(tif, TIFFTAG_ROWSPERSTRIP, blockHeight, wide: true)
            }
            let planes = mode.planar ? spp : 1
            var index: UInt32 = 0
            for plane in 0..<planes {
                for y in stride(from: 0, to: height, by: blockHeight) {
                    for x in stride(from: 0, to: width, by: blockWidth) {
                        // Strips stop at the last row; tiles are always whole, padded with the edge pixels
                        // (as JPEG encoders pad, so that the padding adds no ringing).
                        let rows = mode.tiled ? blockHeight : min(blockHeight, height - y)
                        var block: [UInt8] = []
                        for row in y..<(y + rows) {
                            var rowSamples: [Int] = []
                            for column in x..<(x + blockWidth) {
                                for s in mode.planar ? plane..<(plane + 1) : 0..<spp {
                                    let pixel = min(row, height - 1) * width + min(column, width - 1)
                                    rowSamples.append(stored[pixel * spp + s])
                                }
                            }
                            block += packSamples(rowSamples, bits: mode.bits)
                        }
                        let written = mode.tiled
                            ? TIFFWriteEncodedTile(tif, index, &block, tmsize_t(block.count))
                            : TIFFWriteEncodedStrip(tif, index, &block, tmsize_t(block.count))
                        #expect(written >= 0, "libtiff could not write block \(index)")
                        index += 1
                    }
                }
            }
        }
    }
}
