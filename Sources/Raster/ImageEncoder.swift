/// Writes TIFF, PNG and JPEG.
///
/// Lossless formats keep every sample: an image decoded by ``ImageDecoder`` and encoded as TIFF or PNG
/// decodes back to the same samples and the same ICC profile.
///
/// ```swift
/// try ImageEncoder.write(image, to: "/archive/derivatives/0001.tif", as: .tiff(compression: .deflate))
/// let access = try ImageEncoder.encode(image, as: .jpeg(quality: 90))
/// ```
public enum ImageEncoder {
    /// The encoded file as bytes. Throws ``RasterError/encodeFailed(_:)`` for an image the format cannot
    /// hold as the options ask (alpha in JPEG, 2-bit RGB in PNG) or when the library fails.
    public static func encode(_ image: RasterImage, as options: EncodeOptions) throws(RasterError) -> [UInt8] {
        guard image.isConsistent else {
            throw .encodeFailed("the image's dimensions, channels, bit depth and samples do not agree")
        }
        guard image.width > 0, image.height > 0 else {
            throw .encodeFailed("an image of \(image.width)×\(image.height) pixels has nothing to encode")
        }
        switch options {
        case .tiff(let compression): return try TIFFWriter.encode(image, compression: compression)
        case .png: return try PNGWriter.encode(image)
        case .jpeg(let quality): return try JPEGWriter.encode(image, quality: quality)
        }
    }

    /// Encodes `image` and writes it to `path` atomically: the file appears whole, or not at all (a
    /// temporary file beside it is written, synced and renamed over `path`; the directory is synced so
    /// that the rename survives a crash).
    public static func write(_ image: RasterImage, to path: String, as options: EncodeOptions) throws(RasterError) {
        try AtomicFile.replace(path, with: try encode(image, as: options))
    }
}
