import ImageSource

/// Reads every metadata block of an original: EXIF/TIFF/GPS/Interop tags, the XMP packet, PNG text and
/// the ICC profile, as rows named the way ExifTool names them (`exiftool -G1 -n`).
///
/// ```swift
/// let metadata = try file.withBytes { try MetadataReader.read($0, format: .jpeg) }
/// metadata.tag("ExifIFD:DateTimeOriginal")?.value   // "1923:06:15 18:42:07"
/// ```
///
/// Only a broken container throws (a JPEG segment or PNG chunk running past the end of the file, a TIFF
/// without a readable header); a damaged block inside a sound container is skipped and named in
/// `ImageMetadata.warnings`. Every reader is bounded by the bytes it is given: hostile offsets, counts and
/// directory loops end in a warning, never a crash or a hang. What is kept is bounded too: at most
/// `maxBytes` of text per file (see `ImageMetadata.keep(within:)`), the rest left out with a warning.
public enum MetadataReader {
    /// The most metadata text (tag groups, names and values, the XMP packet) kept for one original. Far
    /// above what cameras, scanners and editors write (tens of KB; a large XMP history some hundreds), and
    /// it keeps a hostile file from putting hundreds of megabytes into the catalog.
    public static let maxBytes = 4 << 20

    /// Reads the metadata of `bytes`, the whole file of an original in `format`.
    public static func read(_ bytes: UnsafeRawBufferPointer, format: ImageFormat) throws(MetadataError) -> ImageMetadata {
        var metadata = try readAll(ByteView(bytes), format: format)
        metadata.keep(within: maxBytes)
        return metadata
    }

    private static func readAll(_ file: ByteView, format: ImageFormat) throws(MetadataError) -> ImageMetadata {
        switch format {
        case .jpeg:
            guard file.matches([0xFF, 0xD8]) else { throw .malformed("JPEG: no start-of-image marker") }
            return try JPEGMetadataReader.read(file)
        case .png:
            guard file.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
                throw .malformed("PNG: no PNG signature")
            }
            return try PNGMetadataReader.read(file)
        case .tiff:
            guard let contents = TIFFDirectoryReader.read(file, fileOffset: 0, context: "TIFF") else {
                throw .malformed("TIFF: the header is damaged")
            }
            return ImageMetadata(tags: contents.tags, xmpPacket: contents.xmp.map(XMPPacket.trimmed),
                                 iccProfile: contents.icc.map(ICCProfileInfo.init(bytes:)),
                                 warnings: contents.warnings)
        }
    }
}
