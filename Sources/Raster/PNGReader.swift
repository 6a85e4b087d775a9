import CPNG  // links libpng, which the shim calls (system libraries are linked by import)
import CShims

/// Decodes a PNG held in memory through libpng: every color type and bit depth, palettes (with tRNS as
/// alpha), Adam7. Samples come back unscaled: below 8 bits one per byte, at 16 bits exact in host order.
struct PNGReader {
    private let handle: LibraryHandle
    private let header: cshim_png_header
    let info: ImageInfo

    /// Reads the chunks before the image data. `bytes` must outlive the reader.
    init(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits) throws(RasterError) {
        // The pixel limit is checked from IHDR itself, before libpng reads further (a forged header
        // need not be followed by anything valid for its size to be the reason it is refused).
        if let (width, height) = Self.declaredSize(bytes) {
            try limits.check(width: width, height: height, format: "PNG")
        }
        let (opened, reason) = LibraryMessage.capturing { error, length in
            cshim_png_open(bytes.baseAddress, bytes.count, UInt32(Int32.max), error, length)
        }
        guard let opened else { throw .corrupt("PNG: \(reason.isEmpty ? "not a readable PNG" : reason)") }
        handle = LibraryHandle(opened) { cshim_png_close($0) }
        var header = cshim_png_header()
        cshim_png_get_header(opened, &header)
        self.header = header
        try limits.check(width: Int(header.width), height: Int(header.height), format: "PNG")
        let icc = header.icc.map { Array(UnsafeBufferPointer(start: $0, count: Int(header.icc_length))) }
        info = ImageInfo(format: .png, width: Int(header.width), height: Int(header.height),
                         channels: Int(header.channels), bitDepth: Int(header.bit_depth),
                         decodedBitDepth: Int(header.decoded_bit_depth),
                         colorModel: Self.colorModel(header.color_type), compression: "deflate",
                         interlaced: header.interlaced != 0, pageCount: 1, iccProfile: icc)
    }

    func decode() throws(RasterError) -> RasterImage {
        let rowBytes = try start()
        let count = info.width * info.height * info.channels
        let samples: SampleStorage
        if info.decodedBitDepth == 16 {
            var values = [UInt16](repeating: 0, count: count)
            let ok = values.withUnsafeMutableBytes { cshim_png_read_image(handle.pointer, $0.baseAddress, rowBytes) }
            try check(ok)
            samples = .uint16(values)
        } else {
            var values = [UInt8](repeating: 0, count: count)
            let ok = values.withUnsafeMutableBytes { cshim_png_read_image(handle.pointer, $0.baseAddress, rowBytes) }
            try check(ok)
            samples = .uint8(values)
        }
        try check(cshim_png_finish(handle.pointer))
        return RasterImage(width: info.width, height: info.height, channels: info.channels,
                           bitDepth: info.decodedBitDepth, samples: samples, iccProfile: info.iccProfile)
    }

    func validate() throws(RasterError) {
        let rowBytes = try start()
        var row = [UInt8](repeating: 0, count: rowBytes)
        try check(row.withUnsafeMutableBufferPointer { cshim_png_skim_image(handle.pointer, $0.baseAddress) })
        try check(cshim_png_finish(handle.pointer))
    }

    /// libpng's messages that did not end reading (see `cshim_png_notes`).
    var notes: [String] { LibraryMessage.lines(cshim_png_notes(handle.pointer)) }

    /// Sets up the decoding transformations; returns the bytes in one decoded row.
    private func start() throws(RasterError) -> Int {
        var rowBytes = 0
        try check(cshim_png_start(handle.pointer, &rowBytes))
        let expected = info.width * info.channels * (info.decodedBitDepth == 16 ? 2 : 1)
        guard rowBytes == expected else {
            throw .corrupt("PNG: decoded rows of \(rowBytes) bytes, expected \(expected)")
        }
        return rowBytes
    }

    private func check(_ status: Int32) throws(RasterError) {
        guard status == 0 else { return }
        let reason = LibraryMessage.text(cshim_png_error(handle.pointer))
        throw .corrupt("PNG: \(reason.isEmpty ? "decoding failed" : reason)")
    }

    /// Width and height from an IHDR chunk in its required place (right after the signature), if there.
    private static func declaredSize(_ bytes: UnsafeRawBufferPointer) -> (Int, Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ offset: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) } }
        return (be32(16), be32(20))
    }

    private static func colorModel(_ colorType: Int32) -> ColorModel {
        switch colorType {
        case Int32(CSHIM_PNG_GRAY): .gray
        case Int32(CSHIM_PNG_GRAY_ALPHA): .grayAlpha
        case Int32(CSHIM_PNG_PALETTE): .palette
        case Int32(CSHIM_PNG_RGB): .rgb
        default: .rgba
        }
    }
}
