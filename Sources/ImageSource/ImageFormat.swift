/// The container formats Conservator reads, told apart by their leading bytes (never by the file name:
/// scans arrive with wrong or missing extensions).
public enum ImageFormat: String, Sendable, CaseIterable, Codable {
    case tiff
    case png
    case jpeg

    /// How many leading bytes ``sniff(_:)`` needs to decide.
    public static let signatureLength = 8

    /// The format whose signature starts `header`, or `nil` when it is none we read.
    ///
    /// ```swift
    /// let format = ImageFormat.sniff(file.bytes.prefix(ImageFormat.signatureLength))
    /// ```
    public static func sniff<Bytes: Collection>(_ header: Bytes) -> ImageFormat? where Bytes.Element == UInt8 {
        let b = Array(header.prefix(signatureLength))
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
        if b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || b.starts(with: [0x49, 0x49, 0x2B, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2B]) {
            return .tiff
        }
        return nil
    }

    /// The IANA media type, as recorded in the catalog and in provenance exports.
    public var mediaType: String {
        switch self {
        case .tiff: "image/tiff"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// The format a file name's extension claims (`tif`/`tiff`, `png`, `jpg`/`jpeg`/`jpe`/`jfif`, in any
    /// case), or `nil` for any other extension or none. Only ever compared with the format the content
    /// declares: a scan's name can be wrong.
    public static func claimed(byName name: String) -> ImageFormat? {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "tif", "tiff": return .tiff
        case "png": return .png
        case "jpg", "jpeg", "jpe", "jfif": return .jpeg
        default: return nil
        }
    }

    /// The usual file extension for a file written in this format.
    public var fileExtension: String {
        switch self {
        case .tiff: "tif"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }
}
