import Raster

/// Which pixels a stage marked (1) or left alone (0): the damage a detector found, the hole an inpainter
/// filled. Written beside the derivative so curators see what was touched.
public struct DamageMask: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// `width × height` values, 0 or 1, row-major.
    public var values: [UInt8]

    public init(width: Int, height: Int, values: [UInt8]) {
        precondition(values.count == width * height, "\(values.count) mask values for \(width)×\(height)")
        self.width = width
        self.height = height
        self.values = values
    }

    /// The fraction of pixels marked.
    public var coverage: Double {
        values.isEmpty ? 0 : Double(values.reduce(0) { $0 + Int($1) }) / Double(values.count)
    }

    /// An 8-bit gray image, 255 where marked, for writing.
    public var raster: RasterImage {
        RasterImage(width: width, height: height, channels: 1, bitDepth: 8, samples: .uint8(values.map { $0 * 255 }))
    }
}
