/// Why an export, or a part of it, could not be written (Provenance's one error type). Nothing is left at the destination when one occurs: the export is
/// built in a hidden sibling folder and renamed into place only when complete.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// The destination exists already (exports never overwrite or merge).
    case destinationExists(path: String)
    /// A file the catalog names is missing or unreadable.
    case unreadable(path: String, cause: String)
    /// A file's bytes no longer have the SHA-256 the catalog recorded: exporting it would hand on an
    /// unverified copy under a verified name.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// Writing the export failed.
    case writeFailed(path: String, cause: String)
    /// An image for a thumbnail of the HTML report is missing, truncated or no image we decode; `cause` is
    /// the reader's reason (the export goes on without that picture).
    case unreadableImage(path: String, cause: String)

    public var description: String {
        switch self {
        case .destinationExists(let path):
            "\(path) exists already: choose a new folder for the export"
        case .unreadable(let path, let cause):
            "cannot read \(path): \(cause)"
        case .checksumMismatch(let path, let expected, let actual):
            "\(path) has SHA-256 \(actual), the catalog recorded \(expected): the file changed since it was recorded, "
                + "so it is not exported (run `conservator verify`)"
        case .writeFailed(let path, let cause):
            "cannot write \(path): \(cause)"
        case .unreadableImage(let path, let cause):
            "cannot make a thumbnail of \(path): \(cause)"
        }
    }
}
