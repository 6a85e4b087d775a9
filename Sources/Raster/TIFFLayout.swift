import CShims
import CTIFF
import ImageSource

/// The first directory (IFD0) of a TIFF, checked and reduced to what the decoder needs.
///
/// Everything that decides whether and how the file decodes is settled here, from tags alone, so that
/// ``ImageDecoder/info(of:limits:)`` refuses exactly what ``ImageDecoder/decode(_:limits:)`` would.
struct TIFFLayout {
    var width: Int
    var height: Int
    var bitsPerSample: Int
    var samplesPerPixel: Int
    var photometric: UInt16
    var compression: UInt16
    var separatePlanes: Bool
    var tiled: Bool
    /// Tile size (tiled files) or width × rows per strip (stripped files).
    var tileWidth: Int
    var tileLength: Int
    /// Color samples per pixel: 1 (gray, palette index) or 3 (RGB, YCbCr decoded to RGB).
    var colorChannels: Int
    /// Channels of the decoded image: the color channels, plus alpha when there are extra samples
    /// (the first extra sample is alpha; further ones are dropped).
    var channels: Int
    /// MinIsWhite gray is inverted so that the decoded image is always MinIsBlack.
    var invertGray: Bool
    /// For a palette image: the colormap as RGB triples per index, at ``decodedBitDepth``.
    var palette: [UInt16]?
    var decodedBitDepth: Int
    var colorModel: ColorModel
    var pageCount: Int
    var iccProfile: [UInt8]?
    /// What reading the layout found that leaves the first page whole (a loop in the chain of further pages).
    var notes: [String] = []

    /// Compressions whose libtiff codec decodes a row at a time, so a huge strip can be read by scanline.
    static let scanlineCodecs: Set<UInt16> = [1, 2, 3, 4, 5, 8, 32946, 32773, 34925, 50000]

    /// Reads and checks IFD0 of `tif`, whose messages `handle` captures.
    init(tif: OpaquePointer, handle: OpaquePointer, limits: DecodeLimits) throws(RasterError) {
        // Counting pages walks the whole IFD chain; libtiff detects a loop, and returns the directories it
        // counted. Only the first page is decoded: a chain that loops or breaks after a second directory
        // was read leaves it whole, and is a note. IFD0 pointing back to itself, or a chain broken right
        // after it, is refused: no second page was ever readable, and that is what a damaged next-IFD
        // offset looks like.
        cshim_tiff_clear_messages(handle)
        let pages = TIFFNumberOfDirectories(tif)
        // libtiff 4.5 reports a loop as a warning, a directory it cannot read as an error.
        let chainError = [cshim_tiff_error(handle), cshim_tiff_warning(handle)].map(LibraryMessage.text)
            .first { !$0.isEmpty } ?? ""
        if !chainError.isEmpty {
            let loop = chainError.lowercased().contains("loop") ? "" : " (IFD chain broken)"
            guard pages >= 2 else { throw .corrupt("TIFF: \(chainError)\(loop)") }
            notes.append("\(chainError)\(loop); further pages not counted")
            cshim_tiff_clear_messages(handle)
        }
        pageCount = max(Int(pages), 1)

        var w: UInt32 = 0
        var h: UInt32 = 0
        guard Self.get(tif, TIFFTAG_IMAGEWIDTH, &w), Self.get(tif, TIFFTAG_IMAGELENGTH, &h) else {
            throw .corrupt("TIFF: missing ImageWidth or ImageLength")
        }
        width = Int(w)
        height = Int(h)
        try limits.check(width: width, height: height, format: "TIFF")

        let sampleFormat = Self.u16(tif, TIFFTAG_SAMPLEFORMAT, default: UInt16(SAMPLEFORMAT_UINT))
        switch Int32(sampleFormat) {
        case SAMPLEFORMAT_UINT, SAMPLEFORMAT_VOID: break
        case SAMPLEFORMAT_INT: throw .unsupported("unsupported TIFF: signed integer samples")
        case SAMPLEFORMAT_IEEEFP: throw .unsupported("unsupported TIFF: floating-point samples")
        default: throw .unsupported("unsupported TIFF: sample format \(sampleFormat)")
        }

        compression = Self.u16(tif, TIFFTAG_COMPRESSION, default: UInt16(COMPRESSION_NONE))
        if Int32(compression) == COMPRESSION_OJPEG {
            throw .unsupported("unsupported TIFF: old-style JPEG (OJPEG) compression")
        }
        guard TIFFIsCODECConfigured(compression) != 0 else {
            throw .unsupported("unsupported TIFF: \(Self.compressionName(compression)) compression is not available")
        }

        bitsPerSample = Int(Self.u16(tif, TIFFTAG_BITSPERSAMPLE, default: 1))
        samplesPerPixel = Int(Self.u16(tif, TIFFTAG_SAMPLESPERPIXEL, default: 1))
        separatePlanes = Int32(Self.u16(tif, TIFFTAG_PLANARCONFIG, default: UInt16(PLANARCONFIG_CONTIG)))
            == PLANARCONFIG_SEPARATE
        guard [1, 2, 4, 8, 16].contains(bitsPerSample) else {
            throw .unsupported("unsupported TIFF: \(bitsPerSample)-bit samples")
        }
        let isJPEG = Int32(compression) == COMPRESSION_JPEG
        if isJPEG && bitsPerSample != 8 {
            throw .unsupported("unsupported TIFF: \(bitsPerSample)-bit JPEG compression")
        }

        var photometricValue: UInt16 = 0
        guard Self.get(tif, TIFFTAG_PHOTOMETRIC, &photometricValue) else {
            throw .corrupt("TIFF: missing PhotometricInterpretation")
        }
        photometric = photometricValue
        invertGray = false
        palette = nil
        decodedBitDepth = bitsPerSample
        switch Int32(photometric) {
        case PHOTOMETRIC_MINISBLACK, PHOTOMETRIC_MINISWHITE:
            colorChannels = 1
            invertGray = Int32(photometric) == PHOTOMETRIC_MINISWHITE
            colorModel = samplesPerPixel > 1 ? .grayAlpha : .gray
        case PHOTOMETRIC_RGB:
            colorChannels = 3
            colorModel = samplesPerPixel > 3 ? .rgba : .rgb
        case PHOTOMETRIC_PALETTE:
            colorChannels = 1
            colorModel = .palette
            guard samplesPerPixel == 1 else {
                throw .unsupported("unsupported TIFF: palette with \(samplesPerPixel) samples per pixel")
            }
            (palette, decodedBitDepth) = try Self.colormap(tif, bits: bitsPerSample)
        case PHOTOMETRIC_YCBCR:
            guard isJPEG else {
                throw .unsupported("unsupported TIFF: YCbCr photometric without JPEG compression")
            }
            guard !separatePlanes else { throw .unsupported("unsupported TIFF: YCbCr JPEG in separate planes") }
            // libjpeg converts to RGB (and upsamples chroma) inside libtiff's JPEG codec.
            guard cshim_tiff_set_u16(tif, UInt32(TIFFTAG_JPEGCOLORMODE), UInt16(JPEGCOLORMODE_RGB)) != 0 else {
                throw .corrupt("TIFF: cannot decode YCbCr JPEG to RGB")
            }
            colorChannels = 3
            colorModel = .ycbcr
        default:
            throw .unsupported("unsupported TIFF: \(Self.photometricName(photometric)) photometric")
        }
        guard samplesPerPixel >= colorChannels else {
            throw .corrupt("TIFF: \(samplesPerPixel) samples per pixel for \(colorChannels) color channels")
        }
        channels = palette != nil ? 3 : colorChannels + (samplesPerPixel > colorChannels ? 1 : 0)

        tiled = TIFFIsTiled(tif) != 0
        if tiled {
            var tw: UInt32 = 0
            var tl: UInt32 = 0
            guard Self.get(tif, TIFFTAG_TILEWIDTH, &tw), Self.get(tif, TIFFTAG_TILELENGTH, &tl), tw > 0, tl > 0 else {
                throw .corrupt("TIFF: tiled without a valid tile size")
            }
            tileWidth = Int(tw)
            tileLength = Int(tl)
        } else {
            var rows: UInt32 = UInt32.max
            _ = Self.get(tif, TIFFTAG_ROWSPERSTRIP, &rows)
            tileWidth = width
            tileLength = rows == 0 ? height : min(Int(rows), height)
        }

        var iccCount: UInt32 = 0
        var iccData: UnsafeRawPointer?
        if cshim_tiff_get_u32_count_ptr(tif, UInt32(TIFFTAG_ICCPROFILE), &iccCount, &iccData) != 0,
           let iccData, iccCount > 0 {
            iccProfile = Array(UnsafeRawBufferPointer(start: iccData, count: Int(iccCount)))
        } else {
            iccProfile = nil
        }
    }

    /// The header as ``ImageDecoder/info(of:limits:)`` reports it.
    var info: ImageInfo {
        ImageInfo(format: .tiff, width: width, height: height, channels: channels, bitDepth: bitsPerSample,
                  decodedBitDepth: decodedBitDepth, colorModel: colorModel,
                  compression: Self.compressionName(compression), interlaced: false, pageCount: pageCount,
                  iccProfile: iccProfile)
    }

    /// The colormap as RGB triples, and the depth that holds it exactly: 8 bits when every entry is an
    /// 8-bit value scaled by 257 (the TIFF convention) or, as libtiff assumes too, when every entry is
    /// below 256 (writers that stored 8-bit values unscaled); otherwise all 16 bits.
    private static func colormap(_ tif: OpaquePointer, bits: Int) throws(RasterError) -> ([UInt16], Int) {
        var red: UnsafePointer<UInt16>?
        var green: UnsafePointer<UInt16>?
        var blue: UnsafePointer<UInt16>?
        guard cshim_tiff_get_colormap(tif, &red, &green, &blue) != 0, let red, let green, let blue else {
            throw .corrupt("TIFF: palette image without a ColorMap")
        }
        let entries = 1 << bits
        var table = [UInt16](repeating: 0, count: entries * 3)
        var scaled = true
        var small = true
        for i in 0..<entries {
            for (c, map) in [red, green, blue].enumerated() {
                let value = map[i]
                table[i * 3 + c] = value
                if value % 257 != 0 { scaled = false }
                if value > 255 { small = false }
            }
        }
        if scaled {
            return (table.map { $0 / 257 }, 8)
        }
        return small ? (table, 8) : (table, 16)
    }

    static func compressionName(_ code: UInt16) -> String {
        switch code {
        case 1: "none"
        case 2: "ccitt-rle"
        case 3: "ccitt-g3"
        case 4: "ccitt-g4"
        case 5: "lzw"
        case 6: "ojpeg"
        case 7: "jpeg"
        case 8, 32946: "deflate"
        case 32773: "packbits"
        case 34661: "jbig"
        case 34887: "lerc"
        case 34925: "lzma"
        case 50000: "zstd"
        case 50001: "webp"
        default: "compression-\(code)"
        }
    }

    private static func photometricName(_ code: UInt16) -> String {
        switch code {
        case 4: "transparency mask"
        case 5: "CMYK (separated)"
        case 8: "CIE L*a*b*"
        case 9: "ICC L*a*b*"
        case 10: "ITU L*a*b*"
        case 32803: "color filter array (raw)"
        case 32844: "LogL"
        case 32845: "LogLuv"
        case 34892: "linear raw"
        default: "PhotometricInterpretation \(code)"
        }
    }

    private static func get(_ tif: OpaquePointer, _ tag: Int32, _ value: inout UInt32) -> Bool {
        cshim_tiff_get_u32(tif, UInt32(tag), &value) != 0
    }

    private static func get(_ tif: OpaquePointer, _ tag: Int32, _ value: inout UInt16) -> Bool {
        cshim_tiff_get_u16(tif, UInt32(tag), &value) != 0
    }

    private static func u16(_ tif: OpaquePointer, _ tag: Int32, default fallback: UInt16) -> UInt16 {
        var value: UInt16 = 0
        return get(tif, tag, &value) ? value : fallback
    }
}
