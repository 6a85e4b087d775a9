/// Cleaning a thresholded damage map: small specks dropped, the rest grown so that an inpainter also
/// replaces the damage's soft fringe.
enum MaskMorphology {
    /// Unmarks every pixel of `regions`.
    static func clear(_ regions: [MaskRegion], in mask: inout DamageMask) {
        for region in regions { for pixel in region.pixels { mask.values[pixel] = 0 } }
    }

    /// Grows the marked pixels by `radius` in every direction (a square neighbourhood, done as a row pass
    /// then a column pass, so the cost does not grow with the square of the radius).
    static func dilate(_ mask: inout DamageMask, radius: Int) {
        guard radius > 0 else { return }
        let (width, height) = (mask.width, mask.height)
        let rows = grow(mask.values, lines: height, length: width, radius: radius) { line, i in line * width + i }
        mask.values = grow(rows, lines: width, length: height, radius: radius) { line, i in i * width + line }
    }

    /// Marks every position within `radius` of a marked one along each line; `index(line, position)` maps
    /// into the flat array.
    private static func grow(_ source: [UInt8], lines: Int, length: Int, radius: Int,
                             index: (Int, Int) -> Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: source.count)
        for line in 0..<lines {
            var nearest = -radius - 1
            for i in 0..<length {
                if source[index(line, i)] == 1 { nearest = i }
                if i - nearest <= radius { result[index(line, i)] = 1 }
            }
            nearest = length + radius
            for i in stride(from: length - 1, through: 0, by: -1) {
                if source[index(line, i)] == 1 { nearest = i }
                if nearest - i <= radius { result[index(line, i)] = 1 }
            }
        }
        return result
    }
}
