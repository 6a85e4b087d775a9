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

    /// A mask painted as an image (in an image editor, by a conservator): a pixel is marked when one of its
    /// color samples is at least half the maximum, so white (or any light color) on black marks the
    /// holes, as in OpenCV's and GIMP's inpainting masks. An alpha channel is ignored.
    public init(painted image: RasterImage) {
        let colorChannels = image.hasAlpha ? image.channels - 1 : image.channels
        let threshold = (image.maxSampleValue + 1) / 2
        func marks<Sample: BinaryInteger>(_ samples: [Sample]) -> [UInt8] {
            (0..<image.width * image.height).map { pixel in
                let first = pixel * image.channels
                return samples[first..<first + colorChannels].contains { $0 >= threshold } ? 1 : 0
            }
        }
        let values = switch image.samples {
        case .uint8(let samples): marks(samples)
        case .uint16(let samples): marks(samples)
        }
        self.init(width: image.width, height: image.height, values: values)
    }

    /// Whether any pixel in the rectangle is marked.
    public func marksSome(rows: Range<Int>, columns: Range<Int>) -> Bool {
        rows.contains { y in values[y * width + columns.lowerBound..<y * width + columns.upperBound].contains(1) }
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
