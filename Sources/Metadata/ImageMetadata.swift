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
    /// What was left out to keep the record within ``MetadataReader/maxBytes`` (also named in `warnings`).
    public var omitted = OmittedMetadata()

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

extension ImageMetadata {
    /// Keeps at most `limit` bytes of text: the XMP packet first (one block, the richest description),
    /// then tags in file order. A value that does not fit is dropped whole, never cut (a cut value would
    /// be recorded as if the file held it); smaller ones after it may still fit. Adds one warning naming
    /// what was left out, with what `omitted` already held (text chunks not inflated).
    mutating func keep(within limit: Int) {
        var used = 0
        func fits(_ size: Int) -> Bool {
            guard used + size <= limit else {
                omitted.values += 1
                omitted.bytes += size
                return false
            }
            used += size
            return true
        }
        if let xmp = xmpPacket, !fits(xmp.utf8.count) { xmpPacket = nil }
        tags = tags.filter { fits($0.group.utf8.count + $0.name.utf8.count + $0.value.utf8.count) }
        if !omitted.isEmpty { warnings.append(omitted.description(limit: limit)) }
    }
}

/// Metadata an original holds that the catalog does not keep: a file may carry any amount of text (60
/// zTXt chunks of 2 MiB each in a 185 KB PNG), but one original's record is bounded.
public struct OmittedMetadata: Sendable, Equatable {
    /// Values read but not kept (tags, an XMP packet), and their size as text.
    public var values = 0
    public var bytes = 0
    /// Compressed PNG text chunks left compressed (not inflated, or not to the end) once the file's
    /// allowance was spent: their text size is unknown; their size as stored.
    public var uninflated = 0
    public var uninflatedBytes = 0

    public var isEmpty: Bool { values == 0 && uninflated == 0 }

    /// The warning recorded with the metadata extraction event.
    func description(limit: Int) -> String {
        var parts: [String] = []
        if values > 0 { parts.append("\(values) values (\(bytes) bytes of text) left out") }
        if uninflated > 0 {
            parts.append("\(uninflated) compressed text chunks (\(uninflatedBytes) bytes in the file) left unread")
        }
        return "metadata over the \(limit >> 20) MiB kept per file: " + parts.joined(separator: "; ")
    }
}
