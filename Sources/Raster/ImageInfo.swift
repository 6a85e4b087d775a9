import ImageSource

/// What a file's header declares, read without decoding pixels: enough for the catalog, for the pixel
/// limit, and to plan memory.
public struct ImageInfo: Sendable, Equatable {
    /// The container format.
    public var format: ImageFormat
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Channels of the decoded image: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    /// Bits per sample as stored in the file (for a palette image, bits per index).
    public var bitDepth: Int
    /// Bits per sample of the decoded image (``RasterImage/bitDepth``): differs from ``bitDepth`` for
    /// palettes (8, or 16 for a TIFF colormap that needs it) and for low-depth PNG gray with tRNS (8).
    public var decodedBitDepth: Int
    /// How the file stores color.
    public var colorModel: ColorModel
    /// The compression, lower-case. TIFF: "none", "lzw", "deflate", "packbits", "jpeg", "ccitt-rle",
    /// "ccitt-g3", "ccitt-g4", "lzma", "zstd", "webp", "jbig", "lerc", or "compression-N" for others.
    /// PNG: "deflate". JPEG: "baseline" (sequential Huffman), "progressive", or either with
    /// "-arithmetic" for arithmetic coding.
    public var compression: String
    /// Whether pixels are stored in several passes (PNG Adam7, progressive JPEG): the whole image is
    /// held while decoding such a file.
    public var interlaced: Bool
    /// TIFF: the number of directories (pages) in the main IFD chain; PNG and JPEG: 1. Only the first
    /// page is decoded.
    public var pageCount: Int
    /// The embedded ICC profile, byte for byte, or `nil`.
    public var iccProfile: [UInt8]?
    /// What the decoder said about a file it found whole (``ImageDecoder/validate(_:limits:)`` only):
    /// messages that leave the pixel data whole, one line each ("PNG: iCCP: known incorrect sRGB
    /// profile"). Ingest accepts the file and records them with a `war` validation outcome.
    public var warnings: [String] = []

    /// Makes an info; the decoders are the usual source of one.
    public init(format: ImageFormat, width: Int, height: Int, channels: Int, bitDepth: Int,
                decodedBitDepth: Int, colorModel: ColorModel, compression: String, interlaced: Bool,
                pageCount: Int, iccProfile: [UInt8]?) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.decodedBitDepth = decodedBitDepth
        self.colorModel = colorModel
        self.compression = compression
        self.interlaced = interlaced
        self.pageCount = pageCount
        self.iccProfile = iccProfile
    }
}
