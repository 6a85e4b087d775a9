import Raster

/// An image as stages work on it: color planes of `Float` in [0, 1] (sRGB-encoded values, as the models'
/// I/O convention expects), planar, with whatever alpha the source had kept aside untouched.
///
/// Float32 holds every 16-bit sample exactly (`v / 65535` rounds back to `v`), so a 16-bit source comes
/// out 16-bit with no loss in the pixels no stage changed.
public struct WorkingImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 (gray) or 3 (RGB) planes of `width × height` values.
    public var planes: [[Float]]
    /// The source's alpha, scaled to [0, 1]; nil when it had none.
    public var alpha: [Float]?

    public init(width: Int, height: Int, planes: [[Float]], alpha: [Float]? = nil) {
        precondition(planes.count == 1 || planes.count == 3, "\(planes.count) color planes: 1 or 3 are possible")
        precondition(planes.allSatisfy { $0.count == width * height }, "plane size differs from \(width)×\(height)")
        self.width = width
        self.height = height
        self.planes = planes
        self.alpha = alpha
    }

    /// The samples of `image` scaled to [0, 1].
    public init(_ image: RasterImage) {
        let count = image.width * image.height
        let scale = 1 / Float(image.maxSampleValue)
        let channels = image.channels
        // One plane at a time, straight into uninitialized memory: a 24 MP scan is read once, not zeroed first.
        func plane<Sample: BinaryInteger>(_ samples: [Sample], _ channel: Int) -> [Float] {
            [Float](unsafeUninitializedCapacity: count) { plane, initialized in
                samples.withUnsafeBufferPointer { samples in
                    for pixel in 0..<count { plane[pixel] = Float(samples[pixel * channels + channel]) * scale }
                }
                initialized = count
            }
        }
        func planes<Sample: BinaryInteger>(_ samples: [Sample]) -> (colors: [[Float]], alpha: [Float]?) {
            ((0..<(channels >= 3 ? 3 : 1)).map { plane(samples, $0) }, image.hasAlpha ? plane(samples, channels - 1) : nil)
        }
        let read = switch image.samples {
        case .uint8(let samples): planes(samples)
        case .uint16(let samples): planes(samples)
        }
        self.init(width: image.width, height: image.height, planes: read.colors, alpha: read.alpha)
    }

    public var pixelCount: Int { width * height }
    public var isGray: Bool { planes.count == 1 }

    /// The samples at `bitDepth` (8 or 16), rounded and clamped, with `iccProfile` attached.
    public func raster(bitDepth: Int, iccProfile: [UInt8]?) -> RasterImage {
        let maximum = Float((1 << bitDepth) - 1)
        let channels = planes.count + (alpha == nil ? 0 : 1)
        let sources = planes + (alpha.map { [$0] } ?? [])
        let (count, total) = (pixelCount, pixelCount * channels)
        func interleaved<Sample: BinaryInteger>(_: Sample.Type) -> [Sample] {
            [Sample](unsafeUninitializedCapacity: total) { samples, initialized in
                for (channel, source) in sources.enumerated() {
                    source.withUnsafeBufferPointer { plane in
                        for pixel in 0..<count {
                            samples[pixel * channels + channel] = Sample(Self.quantized(plane[pixel], maximum))
                        }
                    }
                }
                initialized = total
            }
        }
        let samples: SampleStorage = bitDepth == 16 ? .uint16(interleaved(UInt16.self)) : .uint8(interleaved(UInt8.self))
        return RasterImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples,
                           iccProfile: iccProfile)
    }

    /// `value` clamped to [0, 1], scaled to `maximum` and rounded half away from zero, as `Float.rounded()`
    /// rounds, without its call into libm: this runs over every sample of a scan.
    @inline(__always) static func quantized(_ value: Float, _ maximum: Float) -> Float {
        let scaled = min(max(value, 0), 1) * maximum
        let whole = scaled.rounded(.towardZero)
        return scaled - whole >= 0.5 ? whole + 1 : whole
    }

    /// The image composited over white, without alpha: what a viewer shows, for formats that cannot
    /// hold alpha (JPEG). An image without alpha is returned as it is.
    public var flattenedOverWhite: WorkingImage {
        guard let alpha else { return self }
        let planes = planes.map { plane in zip(plane, alpha).map { value, opacity in value * opacity + (1 - opacity) } }
        return WorkingImage(width: width, height: height, planes: planes)
    }

    /// Three planes: RGB as is, gray repeated (the models' input is RGB).
    public var rgbPlanes: [[Float]] { isGray ? [planes[0], planes[0], planes[0]] : planes }

    /// Rec. 709 luma of the (sRGB-encoded) planes: the "gray" of a color image.
    public var luma: [Float] {
        guard !isGray else { return planes[0] }
        return (0..<pixelCount).map { 0.2126 * planes[0][$0] + 0.7152 * planes[1][$0] + 0.0722 * planes[2][$0] }
    }
}
