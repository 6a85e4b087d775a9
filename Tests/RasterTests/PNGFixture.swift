import CShims
import Testing

/// A PNG written by libpng through the shim, for the decode tests.
struct PNGFixture {
    var width = 19
    var height = 13
    var colorType: Int32
    var bitDepth: Int
    var interlaced = false
    /// Stored samples, pixel-interleaved (palette images: indices).
    var stored: [Int]
    var palette: [UInt8] = []
    var paletteAlpha: [UInt8] = []
    var transparentGray: Int?
    var transparentRGB: (Int, Int, Int)?
    var icc: [UInt8]?

    var channels: Int {
        switch colorType {
        case Int32(CSHIM_PNG_GRAY), Int32(CSHIM_PNG_PALETTE): 1
        case Int32(CSHIM_PNG_GRAY_ALPHA): 2
        case Int32(CSHIM_PNG_RGB): 3
        default: 4
        }
    }

    /// Scattered samples over the whole range of `bitDepth` (palette: indices over all `1 << bitDepth` entries).
    init(colorType: Int32, bitDepth: Int, interlaced: Bool = false, seed: Int = 0) {
        self.colorType = colorType
        self.bitDepth = bitDepth
        self.interlaced = interlaced
        stored = []  // every stored property must be set before `channels` can be read
        stored = scatteredSamples(count: width * height * channels, maxValue: (1 << bitDepth) - 1, seed: seed + bitDepth)
        if colorType == Int32(CSHIM_PNG_PALETTE) {
            palette = (0..<(3 << bitDepth)).map { UInt8(($0 * 53 + 7) % 256) }
        }
    }

    func encode() throws -> [UInt8] {
        let samples16 = stored.map { UInt16($0) }
        let samples8 = stored.map { UInt8(truncatingIfNeeded: $0) }
        let stride = width * channels * (bitDepth == 16 ? 2 : 1)
        var params = cshim_png_write_params()
        params.width = UInt32(width)
        params.height = UInt32(height)
        params.color_type = colorType
        params.bit_depth = Int32(bitDepth)
        params.interlaced = interlaced ? 1 : 0
        params.compression_level = -1
        if let gray = transparentGray {
            params.has_trns_color = 1
            params.trns_gray = UInt16(gray)
        }
        if let (r, g, b) = transparentRGB {
            params.has_trns_color = 1
            (params.trns_red, params.trns_green, params.trns_blue) = (UInt16(r), UInt16(g), UInt16(b))
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var error = [CChar](repeating: 0, count: 256)
        let ok = palette.withUnsafeBufferPointer { plte in
            paletteAlpha.withUnsafeBufferPointer { alpha in
                (icc ?? []).withUnsafeBufferPointer { profile in
                    params.palette = plte.baseAddress
                    params.palette_count = Int32(plte.count / 3)
                    params.trns_alpha = alpha.isEmpty ? nil : alpha.baseAddress
                    params.trns_alpha_count = Int32(alpha.count)
                    params.icc = icc == nil ? nil : profile.baseAddress
                    params.icc_length = UInt32(profile.count)
                    return bitDepth == 16
                        ? samples16.withUnsafeBytes { cshim_png_encode(&params, $0.baseAddress, stride, &output, &length, &error, 256) }
                        : samples8.withUnsafeBytes { cshim_png_encode(&params, $0.baseAddress, stride, &output, &length, &error, 256) }
                }
            }
        }
        let message = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        #expect(ok != 0, "libpng: \(message)")
        let bytes = try #require(output)
        defer { cshim_png_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}
