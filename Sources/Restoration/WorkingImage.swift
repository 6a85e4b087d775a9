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
        let colors = image.channels >= 3 ? 3 : 1
        var planes = [[Float]](repeating: [Float](repeating: 0, count: count), count: colors)
        var alpha: [Float]? = image.hasAlpha ? [Float](repeating: 0, count: count) : nil
        func read(_ sample: (Int) -> Float) {
            for pixel in 0..<count {
                let base = pixel * image.channels
                for plane in 0..<colors { planes[plane][pixel] = sample(base + plane) * scale }
                if alpha != nil { alpha![pixel] = sample(base + image.channels - 1) * scale }
            }
        }
        switch image.samples {
        case .uint8(let samples): read { Float(samples[$0]) }
        case .uint16(let samples): read { Float(samples[$0]) }
        }
        self.init(width: image.width, height: image.height, planes: planes, alpha: alpha)
    }

    public var pixelCount: Int { width * height }
    public var isGray: Bool { planes.count == 1 }

    /// The samples at `bitDepth` (8 or 16), rounded and clamped, with `iccProfile` attached.
    public func raster(bitDepth: Int, iccProfile: [UInt8]?) -> RasterImage {
        let maximum = Float((1 << bitDepth) - 1)
        let channels = planes.count + (alpha == nil ? 0 : 1)
        let sources = planes + (alpha.map { [$0] } ?? [])
        func quantized(_ index: Int) -> Float {
            (min(max(sources[index % channels][index / channels], 0), 1) * maximum).rounded()
        }
        let total = pixelCount * channels
        let samples: SampleStorage = bitDepth == 16
            ? .uint16((0..<total).map { UInt16(quantized($0)) })
            : .uint8((0..<total).map { UInt8(quantized($0)) })
        return RasterImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples,
                           iccProfile: iccProfile)
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
