/// Resizing by area average: each output pixel is the mean of the source pixels its cell covers, so no
/// source pixel is skipped and a thin scratch or mask stroke survives as a tint instead of falling between
/// samples. The stages' proxies (global color and colorization decisions) and the report's thumbnails are
/// both made this way.
///
/// Output column `i` of `width` covers source columns `⌊i·W/width⌋ ..< ⌊(i+1)·W/width⌋`, and at least one:
/// shrinking, the cells tile the source; enlarging (a fixed-size proxy of a small image), each cell is the one
/// source pixel it falls on. Rows likewise.
///
/// ```swift
/// let proxy = AreaAverage(sourceWidth: 6000, sourceHeight: 4000, width: 256, height: 256)(plane)
/// ```
public struct AreaAverage: Sendable {
    public let sourceWidth: Int
    public let sourceHeight: Int
    /// The output's size.
    public let width: Int
    public let height: Int

    public init(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        precondition(sourceWidth > 0 && sourceHeight > 0 && width > 0 && height > 0,
                     "area average of \(sourceWidth)×\(sourceHeight) to \(width)×\(height)")
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.width = width
        self.height = height
    }

    /// `plane` (`sourceWidth × sourceHeight` values, row by row) averaged to `width × height` values.
    /// Inlinable, as ``average(channels:_:)``, so that the per-pixel loop is compiled, and optimized, in the
    /// module that runs it on whole scans (Restoration is optimized even in debug builds).
    @inlinable
    public func callAsFunction(_ plane: [Float]) -> [Float] {
        precondition(plane.count == sourceWidth * sourceHeight, "a plane of \(plane.count) values")
        return average(channels: 1) { pixel, _ in plane[pixel] }
    }

    /// The mean over each cell of `channels` values per source pixel, interleaved in the result as they are
    /// in most images; `sample(pixel, channel)` reads source pixel `pixel` (`y × sourceWidth + x`). Each cell
    /// is summed in `Value` row by row, left to right, then divided by its pixel count, so a given `Value`
    /// gives the same result bit for bit wherever it is called from.
    @inlinable
    public func average<Value: BinaryFloatingPoint>(channels: Int, _ sample: (_ pixel: Int, _ channel: Int) -> Value)
        -> [Value] {
        var result = [Value](repeating: 0, count: width * height * channels)
        for outputY in 0..<height {
            let rows = Self.cell(outputY, of: height, over: sourceHeight)
            for outputX in 0..<width {
                let columns = Self.cell(outputX, of: width, over: sourceWidth)
                let count = Value(rows.count * columns.count)
                for channel in 0..<channels {
                    var sum: Value = 0
                    for y in rows {
                        for x in columns { sum += sample(y * sourceWidth + x, channel) }
                    }
                    result[(outputY * width + outputX) * channels + channel] = sum / count
                }
            }
        }
        return result
    }

    /// The source rows (or columns) that output row `index` of `count` covers, out of `sourceCount`.
    @inlinable
    static func cell(_ index: Int, of count: Int, over sourceCount: Int) -> Range<Int> {
        let start = index * sourceCount / count
        return start..<max(start + 1, (index + 1) * sourceCount / count)
    }
}
