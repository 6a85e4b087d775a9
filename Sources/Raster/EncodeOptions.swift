import ImageSource

/// The format and settings of an encoded image.
public enum EncodeOptions: Sendable, Equatable {
    /// TIFF at the image's own bit depth, with the ICC profile as TIFFTAG_ICCPROFILE.
    case tiff(compression: TIFFCompression)
    /// PNG at the image's own bit depth (1/2/4 only for gray), with the ICC profile as iCCP.
    case png
    /// Baseline JPEG at `quality` 1–100 (4:4:4 chroma from 90 up, 4:2:0 below), with the ICC profile in
    /// APP2 markers. JPEG is 8-bit and has no alpha: 16-bit and low-bit images are rescaled to 8 bits,
    /// and images with alpha are refused.
    case jpeg(quality: Int)

    /// The compression these options produce, named as ``ImageInfo/compression`` names it when the file is
    /// read back (so a derivative's catalog record reads like an original's).
    public var compression: String {
        switch self {
        case let .tiff(compression): compression.rawValue
        case .png: "deflate"
        case .jpeg: "baseline"
        }
    }

    /// The container format these options produce.
    public var format: ImageFormat {
        switch self {
        case .tiff: .tiff
        case .png: .png
        case .jpeg: .jpeg
        }
    }
}
