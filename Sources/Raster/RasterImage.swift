/// A decoded image: every sample exactly as the file stores it (after palette expansion), with the
/// ICC profile that says what the numbers mean.
///
/// The decoders never rescale samples: a 2-bit gray PNG decodes to values `0...3` with `bitDepth` 2, a
/// 16-bit TIFF to `UInt16` values with `bitDepth` 16, so that writing the image back loses nothing.
///
/// ```swift
/// let image = try ImageDecoder.decode(file)
/// if case .uint16(let samples) = image.samples { /* a 16-bit master */ }
/// ```
public struct RasterImage: Sendable, Equatable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (alpha is always last, never premultiplied
    /// by the decoders; a TIFF's associated alpha is returned as stored).
    public var channels: Int
    /// Significant bits per sample: 1, 2, 4 or 8 stored as ``SampleStorage/uint8(_:)``, 16 stored as
    /// ``SampleStorage/uint16(_:)``.
    public var bitDepth: Int
    /// `width × height × channels` samples, interleaved, row-major.
    public var samples: SampleStorage
    /// The embedded ICC profile, byte for byte, or `nil` when the file has none.
    public var iccProfile: [UInt8]?
    /// Resolution and rights the encoders write in the format's own fields; the decoders leave it empty
    /// (the metadata reader reports what a file says).
    public var descriptiveFields = DescriptiveFields()

    /// Makes an image from samples laid out as ``samples`` describes.
    ///
    /// A mismatch between the dimensions, the bit depth and the storage is a programming error and traps:
    /// an image whose numbers do not add up must not reach an encoder and become an archival file.
    public init(width: Int, height: Int, channels: Int, bitDepth: Int, samples: SampleStorage,
                iccProfile: [UInt8]? = nil) {
        precondition(width >= 0 && height >= 0, "negative dimensions \(width)×\(height)")
        precondition((1...4).contains(channels), "\(channels) channels: 1 to 4 are possible")
        precondition([1, 2, 4, 8, 16].contains(bitDepth), "bit depth \(bitDepth): 1, 2, 4, 8 or 16 are possible")
        switch samples {
        case .uint8: precondition(bitDepth <= 8, "bit depth \(bitDepth) stored as UInt8")
        case .uint16: precondition(bitDepth == 16, "bit depth \(bitDepth) stored as UInt16")
        }
        precondition(samples.count == width * height * channels,
                     "\(samples.count) samples for \(width)×\(height)×\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
        self.iccProfile = iccProfile
    }

    /// Whether the last channel is alpha (gray+alpha, RGBA).
    public var hasAlpha: Bool { channels == 2 || channels == 4 }

    /// The largest value a sample can have at ``bitDepth``: 1, 3, 15, 255 or 65535.
    public var maxSampleValue: Int { (1 << bitDepth) - 1 }

    /// Whether the fields agree with each other. The initializer guarantees it; the fields are `var`, so
    /// the encoders check again before writing.
    var isConsistent: Bool {
        guard width >= 0, height >= 0, (1...4).contains(channels), [1, 2, 4, 8, 16].contains(bitDepth) else {
            return false
        }
        switch samples {
        case .uint8: if bitDepth > 8 { return false }
        case .uint16: if bitDepth != 16 { return false }
        }
        return samples.count == width * height * channels
    }
}

extension RasterImage {
    /// Calls `body` with the ICC profile's bytes and length, or `nil` and 0, for the C encoders.
    func withICCProfile<R>(_ body: (UnsafePointer<UInt8>?, UInt32) -> R) -> R {
        guard let profile = iccProfile, !profile.isEmpty else { return body(nil, 0) }
        return profile.withUnsafeBufferPointer { body($0.baseAddress, UInt32($0.count)) }
    }
}
