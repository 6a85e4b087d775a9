/// How a file stores color, before decoding (the decoded image is always gray, gray+alpha, RGB or RGBA:
/// see ``ImageInfo/channels``). Recorded in the catalog, so the raw values are stable.
public enum ColorModel: String, Sendable, Codable, CaseIterable {
    /// One gray sample per pixel (TIFF MinIsBlack or MinIsWhite, PNG gray, JPEG grayscale).
    case gray
    /// Gray and alpha.
    case grayAlpha = "gray+alpha"
    /// Red, green, blue.
    case rgb
    /// Red, green, blue, alpha.
    case rgba
    /// An index into a color table (TIFF palette, PNG PLTE), decoded to RGB or RGBA.
    case palette
    /// Luma and chroma (JPEG, JPEG-in-TIFF), decoded to RGB by libjpeg.
    case ycbcr

    /// The model of a decoded image, or of one about to be encoded, with `channels` (1–4) samples a pixel.
    public init(decodedChannels channels: Int) {
        self = [.gray, .grayAlpha, .rgb, .rgba][channels - 1]
    }
}
