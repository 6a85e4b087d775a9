import CJPEG  // links libjpeg, which the shim calls (system libraries are linked by import)
import CShims

/// Decodes a JPEG held in memory through libjpeg: baseline and progressive, Huffman or arithmetic,
/// grayscale or color (YCbCr and RGB decode to RGB). CMYK and YCCK are refused as unsupported.
struct JPEGReader {
    private let handle: LibraryHandle
    let info: ImageInfo

    /// Reads the markers up to the first scan. `bytes` must outlive the reader.
    init(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits) throws(RasterError) {
        let (opened, reason) = LibraryMessage.capturing { error, length in
            cshim_jpeg_open(bytes.baseAddress, bytes.count, error, length)
        }
        guard let opened else { throw .corrupt("JPEG: \(reason.isEmpty ? "not a readable JPEG" : reason)") }
        handle = LibraryHandle(opened) { cshim_jpeg_close($0) }
        var header = cshim_jpeg_header()
        cshim_jpeg_get_header(opened, &header)
        try limits.check(width: Int(header.width), height: Int(header.height), format: "JPEG")
        let colorModel: ColorModel
        switch header.color_space {
        case Int32(CSHIM_JPEG_GRAYSCALE): colorModel = .gray
        case Int32(CSHIM_JPEG_YCBCR): colorModel = .ycbcr
        case Int32(CSHIM_JPEG_RGB): colorModel = .rgb
        case Int32(CSHIM_JPEG_CMYK): throw .unsupported("unsupported JPEG: CMYK color")
        case Int32(CSHIM_JPEG_YCCK): throw .unsupported("unsupported JPEG: YCCK (Adobe CMYK) color")
        default: throw .unsupported("unsupported JPEG: \(header.components) components in an unknown color space")
        }
        guard header.precision == 8 else {
            throw .unsupported("unsupported JPEG: \(header.precision)-bit samples")
        }
        let compression = (header.progressive != 0 ? "progressive" : "baseline")
            + (header.arithmetic != 0 ? "-arithmetic" : "")
        let icc = header.icc.map { Array(UnsafeBufferPointer(start: $0, count: Int(header.icc_length))) }
        info = ImageInfo(format: .jpeg, width: Int(header.width), height: Int(header.height),
                         channels: colorModel == .gray ? 1 : 3, bitDepth: 8, decodedBitDepth: 8,
                         colorModel: colorModel, compression: compression, interlaced: header.progressive != 0,
                         pageCount: 1, iccProfile: icc)
    }

    func decode() throws(RasterError) -> RasterImage {
        try check(cshim_jpeg_start(handle.pointer, Int32(info.channels), 1) != 0)
        let rowBytes = info.width * info.channels
        var samples = [UInt8](repeating: 0, count: rowBytes * info.height)
        let rows = samples.withUnsafeMutableBufferPointer {
            cshim_jpeg_read_rows(handle.pointer, $0.baseAddress, rowBytes, UInt32(info.height))
        }
        try check(rows == Int64(info.height))
        try check(cshim_jpeg_finish(handle.pointer) != 0)
        return RasterImage(width: info.width, height: info.height, channels: info.channels, bitDepth: 8,
                           samples: .uint8(samples), iccProfile: info.iccProfile)
    }

    /// Proves all of the entropy-coded data — where all damage shows — whole. A sequential Huffman file
    /// (most camera and scanner JPEGs) is proven by walking its codes without decoding them (see
    /// `jpeg_entropy.h`), in a half to two thirds of the time of libjpeg's fastest decode. Any other file,
    /// and any file the walk cannot prove whole, is decoded by libjpeg at 1/8 scale (only each block's DC
    /// term goes through the inverse DCT), so a damaged file fails with libjpeg's own reason.
    func validate() throws(RasterError) {
        if try provenByEntropyWalk() { return }
        let scale = Self.validationScale
        let scaledWidth = (info.width + scale - 1) / scale, scaledHeight = (info.height + scale - 1) / scale
        // Stride 0: every row lands in the same buffer, so memory stays at one row.
        var row = [UInt8](repeating: 0, count: scaledWidth * info.channels)
        let rows = row.withUnsafeMutableBufferPointer {
            cshim_jpeg_read_rows(handle.pointer, $0.baseAddress, 0, UInt32(scaledHeight))
        }
        try check(rows == Int64(scaledHeight))
        try check(cshim_jpeg_finish(handle.pointer) != 0)
    }

    /// libjpeg's warnings that did not end decoding (see `cshim_jpeg_notes`).
    var notes: [String] { LibraryMessage.lines(cshim_jpeg_notes(handle.pointer)) }

    /// The scale libjpeg decodes at when it validates: 1/8, DC terms only through the IDCT.
    private static let validationScale = 8

    /// Starts libjpeg's validation decode and asks the entropy walk whether it proves the file whole
    /// (see `validate`). The decode is left started, with no row read, so that it can go on.
    func provenByEntropyWalk() throws(RasterError) -> Bool {
        try check(cshim_jpeg_start(handle.pointer, Int32(info.channels), Int32(Self.validationScale)) != 0)
        return cshim_jpeg_entropy_proven(handle.pointer) != 0
    }

    private func check(_ ok: Bool) throws(RasterError) {
        guard !ok else { return }
        let reason = LibraryMessage.text(cshim_jpeg_error(handle.pointer))
        throw .corrupt("JPEG: \(reason.isEmpty ? "the image data ends early" : reason)")
    }
}
