/// Why `MetadataReader` could not read an original's metadata at all.
///
/// Only a broken container (the framing that says where each block is) is an error; a damaged block inside
/// a sound container becomes a warning in `ImageMetadata.warnings`.
public enum MetadataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The container's framing is broken, e.g. "JPEG: segment length runs past end of file".
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        }
    }
}
