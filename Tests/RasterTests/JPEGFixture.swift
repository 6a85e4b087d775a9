import CShims
import Testing

/// Encodes 8-bit interleaved `samples` with libjpeg through the shim (1, 3 or 4 components; color as
/// 4:4:4, or 4:2:0 when not `fullChroma`).
func encodeJPEG(_ samples: [UInt8], width: Int, height: Int, components: Int, quality: Int = 95,
                progressive: Bool = false, fullChroma: Bool = true, icc: [UInt8]? = nil) throws -> [UInt8] {
    var params = cshim_jpeg_write_params()
    params.width = UInt32(width)
    params.height = UInt32(height)
    params.components = Int32(components)
    params.quality = Int32(quality)
    params.progressive = progressive ? 1 : 0
    params.full_chroma = fullChroma ? 1 : 0
    var output: UnsafeMutablePointer<UInt8>?
    var length = 0
    var error = [CChar](repeating: 0, count: 256)
    let profile = icc ?? []
    let ok = profile.withUnsafeBufferPointer { iccBytes in
        params.icc = icc == nil ? nil : iccBytes.baseAddress
        params.icc_length = UInt32(iccBytes.count)
        return cshim_jpeg_encode(&params, samples, width * components, &output, &length, &error, 256)
    }
    let message = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    #expect(ok != 0, "libjpeg: \(message)")
    let bytes = try #require(output)
    defer { cshim_jpeg_free(bytes) }
    return Array(UnsafeBufferPointer(start: bytes, count: length))
}

/// The largest difference between two sample arrays of the same length.
func largestDifference(_ a: [Int], _ b: [Int]) -> Int {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
