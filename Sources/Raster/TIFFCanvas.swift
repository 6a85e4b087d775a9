/// The decoded image a ``TIFFReader`` fills band by band: unpacks each band's samples, expands palette
/// indices, inverts MinIsWhite gray, keeps the first extra sample as alpha and drops the others.
struct TIFFCanvas<Sample: FixedWidthInteger & UnsignedInteger> {
    private(set) var samples: [Sample]
    private let layout: TIFFLayout
    /// The largest sample value as stored, for MinIsWhite inversion.
    private let maxStored: Int

    init(layout: TIFFLayout, count: Int) {
        samples = [Sample](repeating: 0, count: count)
        self.layout = layout
        maxStored = (1 << layout.bitsPerSample) - 1
    }

    mutating func paint(_ band: TIFFBand) {
        let perPixel = band.plane == nil ? layout.samplesPerPixel : 1
        let columns = min(band.width, layout.width - band.x)
        let channels = layout.channels
        let bits = layout.bitsPerSample
        let palette = layout.palette
        let invert = layout.invertGray
        // The channel each file sample lands in (nil: an extra sample past the first, dropped).
        let targets: [Int?] = (0..<perPixel).map { index in
            let sample = band.plane ?? index
            if sample < layout.colorChannels { return sample }
            return sample == layout.colorChannels ? layout.channels - 1 : nil
        }
        let bytes = band.bytes
        samples.withUnsafeMutableBufferPointer { out in
            for row in 0..<band.height {
                let rowStart = row * band.rowBytes
                let outRow = ((band.y + row) * layout.width + band.x) * channels
                for column in 0..<columns {
                    for (s, target) in targets.enumerated() {
                        guard let target else { continue }
                        let value = Self.sample(bytes, rowStart: rowStart, index: column * perPixel + s, bits: bits)
                        let pixel = outRow + column * channels
                        if let palette {
                            for c in 0..<3 { out[pixel + c] = Sample(palette[value * 3 + c]) }
                        } else if invert && target == 0 {
                            out[pixel] = Sample(maxStored - value)
                        } else {
                            out[pixel + target] = Sample(value)
                        }
                    }
                }
            }
        }
    }

    /// The `index`th sample of the row starting at byte `rowStart`.
    @inline(__always)
    private static func sample(_ bytes: UnsafeRawBufferPointer, rowStart: Int, index: Int, bits: Int) -> Int {
        switch bits {
        case 8:
            return Int(bytes[rowStart + index])
        case 16:
            return Int(bytes.loadUnaligned(fromByteOffset: rowStart + index * 2, as: UInt16.self))
        default:
            let bit = index * bits
            let byte = Int(bytes[rowStart + bit / 8])
            return (byte >> (8 - bits - bit % 8)) & ((1 << bits) - 1)
        }
    }
}
