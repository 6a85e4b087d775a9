import ImageSource

/// One metadata value of an original, as a row: where it was found, which tag, and its value as text.
///
/// Names and groups follow ExifTool's (`exiftool -G1`), so that a curator can check a recorded value with
/// the tool they already use:
///
/// ```swift
/// let make = metadata.tags.first { $0.qualifiedName == "IFD0:Make" }?.value   // "Hasselblad"
/// ```
public struct MetadataTag: Sendable, Equatable, Hashable, Codable {
    /// ExifTool's family-1 group: `IFD0`, `IFD1`, `ExifIFD`, `GPS`, `InteropIFD`, `PNG`, `PNG-pHYs`, `File`.
    public var group: String
    /// The numeric tag (TIFF/EXIF/GPS tag number) where there is one; `nil` for PNG keywords and chunk fields.
    public var tagID: Int?
    /// ExifTool's tag name: `Make`, `DateTimeOriginal`, `ISO`, `ExifImageWidth`; `Exif_0xabcd` for an unknown tag.
    public var name: String
    /// The value as text, written as `exiftool -n` prints it (see `ExifToolText` for the rules).
    public var value: String

    /// `group:name`, as `exiftool -G1` qualifies a tag: `ExifIFD:DateTimeOriginal`.
    public var qualifiedName: String { "\(group):\(name)" }

    /// Makes a tag row.
    public init(group: String, tagID: Int?, name: String, value: String) {
        self.group = group
        self.tagID = tagID
        self.name = name
        self.value = value
    }
}
