/// Everything `MetadataReader` found in an original.
public struct ImageMetadata: Sendable, Equatable {
    /// Tag rows in the order they were found: for JPEG and TIFF the TIFF-structured directories (IFD0, then
    /// the EXIF, Interop and GPS IFDs, then IFD1 ...), then a JPEG comment; for PNG, chunk by chunk.
    public var tags: [MetadataTag]
    /// The XMP packet as stored (TIFF tag 700, JPEG APP1 `http://ns.adobe.com/xap/1.0/`, PNG `XML:com.adobe.xmp`),
    /// with trailing NUL padding removed; `nil` when there is none.
    public var xmpPacket: String?
    /// The embedded ICC profile, if any.
    public var iccProfile: ICCProfileInfo?
    /// What could not be read, and why: a damaged block is skipped and named here rather than failing the
    /// whole file, so that everything else is still recorded.
    public var warnings: [String]

    /// Makes a metadata record.
    public init(tags: [MetadataTag] = [], xmpPacket: String? = nil, iccProfile: ICCProfileInfo? = nil,
                warnings: [String] = []) {
        self.tags = tags
        self.xmpPacket = xmpPacket
        self.iccProfile = iccProfile
        self.warnings = warnings
    }

    /// The first tag whose `qualifiedName` is `qualifiedName` (`"ExifIFD:ISO"`).
    public func tag(_ qualifiedName: String) -> MetadataTag? {
        tags.first { $0.qualifiedName == qualifiedName }
    }
}
