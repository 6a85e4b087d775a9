import CShims
import CTIFF

/// Encodes a ``RasterImage`` as a TIFF in memory: chunky strips of about 256 KiB, at the image's own bit
/// depth, gray (MinIsBlack) or RGB with unassociated alpha, and the ICC profile as TIFFTAG_ICCPROFILE.
enum TIFFWriter {
    static func encode(_ image: RasterImage, compression: TIFFCompression) throws(RasterError) -> [UInt8] {
        let rowBytes = (image.width * image.channels * image.bitDepth + 7) / 8
        // Classic TIFF offsets are 32-bit; a file that might pass 4 GiB is written as BigTIFF.
        let mode = rowBytes * image.height > 0xF000_0000 ? "w8" : "w"
        let (opened, reason) = LibraryMessage.capturing { error, length in
            cshim_tiff_open_memory_write(mode, error, length)
        }
        guard let handle = opened else { throw .encodeFailed("TIFF: \(reason)") }
        do throws(RasterError) {
            let tif = cshim_tiff_get(handle)!
            try setTags(tif, image: image, compression: compression, rowBytes: rowBytes)
            try writeStrips(tif, image: image, rowBytes: rowBytes, handle: handle)
        } catch {
            _ = cshim_tiff_close(handle)
            throw error
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let (closed, closeReason) = LibraryMessage.capturing { error, errorLength in
            cshim_tiff_close_memory_write(handle, &output, &length, error, errorLength)
        }
        guard closed != 0, let output else { throw .encodeFailed("TIFF: \(closeReason)") }
        defer { cshim_tiff_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    private static func setTags(_ tif: OpaquePointer, image: RasterImage, compression: TIFFCompression,
                                rowBytes: Int) throws(RasterError) {
        let code: Int32 = switch compression {
        case .none: COMPRESSION_NONE
        case .lzw: COMPRESSION_LZW
        case .deflate: COMPRESSION_ADOBE_DEFLATE
        }
        let rowsPerStrip = max(1, min(image.height, (256 << 10) / max(rowBytes, 1)))
        var ok = cshim_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(image.width)) != 0
            && cshim_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), UInt32(image.height)) != 0
            && set16(tif, TIFFTAG_BITSPERSAMPLE, image.bitDepth)
            && set16(tif, TIFFTAG_SAMPLESPERPIXEL, image.channels)
            && set16(tif, TIFFTAG_PHOTOMETRIC, Int(image.channels < 3 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB))
            && set16(tif, TIFFTAG_PLANARCONFIG, Int(PLANARCONFIG_CONTIG))
            && set16(tif, TIFFTAG_COMPRESSION, Int(code))
            && cshim_tiff_set_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(rowsPerStrip)) != 0
        // Horizontal differencing needs whole-byte samples.
        if compression != .none && image.bitDepth >= 8 {
            ok = ok && set16(tif, TIFFTAG_PREDICTOR, Int(PREDICTOR_HORIZONTAL))
        }
        if image.hasAlpha {
            var extra = UInt16(EXTRASAMPLE_UNASSALPHA)
            ok = ok && cshim_tiff_set_u16_count_ptr(tif, UInt32(TIFFTAG_EXTRASAMPLES), 1, &extra) != 0
        }
        if let icc = image.iccProfile, !icc.isEmpty {
            ok = ok && icc.withUnsafeBytes {
                cshim_tiff_set_u32_count_ptr(tif, UInt32(TIFFTAG_ICCPROFILE), UInt32($0.count), $0.baseAddress)
            } != 0
        }
        guard ok else { throw .encodeFailed("TIFF: libtiff refused a tag of a \(image.bitDepth)-bit image") }
        try setDescriptiveTags(tif, image.descriptiveFields)
    }

    /// Resolution (baseline TIFF requires it: an unknown density is written as 1 per unit "none", not as a
    /// made-up 72 dpi) and the text tags a viewer shows.
    private static func setDescriptiveTags(_ tif: OpaquePointer, _ fields: DescriptiveFields) throws(RasterError) {
        let density = fields.density ?? PixelDensity(x: 1, y: 1, unit: .none)
        let unit: Int32 = switch density.unit {
        case .none: RESUNIT_NONE
        case .inch: RESUNIT_INCH
        case .centimetre: RESUNIT_CENTIMETER
        }
        var ok = cshim_tiff_set_double(tif, UInt32(TIFFTAG_XRESOLUTION), density.x) != 0
            && cshim_tiff_set_double(tif, UInt32(TIFFTAG_YRESOLUTION), density.y) != 0
            && set16(tif, TIFFTAG_RESOLUTIONUNIT, Int(unit))
        for (tag, text) in [(TIFFTAG_ARTIST, fields.artist), (TIFFTAG_COPYRIGHT, fields.copyright),
                            (TIFFTAG_IMAGEDESCRIPTION, fields.caption)] {
            // TIFF ASCII fields end at the first NUL
            guard let text, case let value = String(text.map { $0 == "\0" ? " " : $0 }), !value.isEmpty else { continue }
            ok = ok && cshim_tiff_set_string(tif, UInt32(tag), value) != 0
        }
        guard ok else { throw .encodeFailed("TIFF: libtiff refused the resolution or a text tag") }
    }

    private static func set16(_ tif: OpaquePointer, _ tag: Int32, _ value: Int) -> Bool {
        cshim_tiff_set_u16(tif, UInt32(tag), UInt16(value)) != 0
    }

    /// Writes the strips from a scratch copy: libtiff's predictor differences the buffer it is given in
    /// place, and low bit depths must be packed anyway.
    private static func writeStrips(_ tif: OpaquePointer, image: RasterImage, rowBytes: Int,
                                    handle: OpaquePointer) throws(RasterError) {
        var rowsPerStrip: UInt32 = 0
        _ = cshim_tiff_get_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), &rowsPerStrip)
        let stripRows = Int(rowsPerStrip)
        var strip = [UInt8](repeating: 0, count: rowBytes * stripRows)
        let samplesPerRow = image.width * image.channels
        try image.samples.withUnsafeBytes { (source) throws(RasterError) in
            for (index, firstRow) in stride(from: 0, to: image.height, by: stripRows).enumerated() {
                let rows = min(stripRows, image.height - firstRow)
                let written = strip.withUnsafeMutableBytes { buffer in
                    if image.bitDepth >= 8 {
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing:
                            source[(firstRow * rowBytes)..<((firstRow + rows) * rowBytes)]))
                    } else {
                        pack(source, rows: firstRow..<(firstRow + rows), samplesPerRow: samplesPerRow,
                             bits: image.bitDepth, rowBytes: rowBytes, into: buffer)
                    }
                    return TIFFWriteEncodedStrip(tif, UInt32(index), buffer.baseAddress, tmsize_t(rows * rowBytes))
                }
                guard written >= 0 else {
                    let reason = LibraryMessage.text(cshim_tiff_error(handle))
                    throw .encodeFailed("TIFF: \(reason.isEmpty ? "cannot write strip \(index)" : reason)")
                }
            }
        }
    }

    /// Packs one-sample-per-byte rows into rows of `bits`-bit samples, MSB first, each row padded to a byte.
    private static func pack(_ source: UnsafeRawBufferPointer, rows: Range<Int>, samplesPerRow: Int, bits: Int,
                             rowBytes: Int, into buffer: UnsafeMutableRawBufferPointer) {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        for (outRow, row) in rows.enumerated() {
            for i in 0..<samplesPerRow {
                let bit = i * bits
                let value = source[row * samplesPerRow + i] & UInt8((1 << bits) - 1)
                buffer[outRow * rowBytes + bit / 8] |= value << (8 - bits - bit % 8)
            }
        }
    }
}
