import ImageSource
import Raster

/// What a pipeline writes: the derivative's format and bit depth, whether the ICC profile is carried,
/// whether masks and an 8-bit JPEG access copy are written beside it.
public struct OutputSettings: Sendable, Equatable {
    /// The derivative's bit depth.
    public enum BitDepth: String, Sendable, Equatable, CaseIterable {
        /// 16 for a 16-bit source, 8 otherwise (1-, 2- and 4-bit sources become 8-bit).
        case source
        case eight = "8"
        case sixteen = "16"
    }

    public var format: ImageFormat = .tiff
    public var bitDepth: BitDepth = .source
    public var keepICC = true
    public var masks = true
    public var accessCopy = false

    public init() {}

    /// The bit depth to write for a source of `sourceDepth` bits.
    public func depth(forSource sourceDepth: Int) -> Int {
        if format == .jpeg { return 8 }
        switch bitDepth {
        case .source: return sourceDepth == 16 ? 16 : 8
        case .eight: return 8
        case .sixteen: return 16
        }
    }

    /// The encoder settings: lossless Deflate TIFF, PNG, or JPEG at quality 95 (4:4:4).
    public var encodeOptions: EncodeOptions {
        switch format {
        case .tiff: .tiff(compression: .deflate)
        case .png: .png
        case .jpeg: .jpeg(quality: 95)
        }
    }
}
