#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon could not start or keep running (problems with single files are quarantine records,
/// never daemon errors).
public enum DaemonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An ingest folder cannot be watched: it is missing, not a folder, or unreadable.
    case cannotWatch(folder: String, reason: String)
    /// A system call failed; the call and `errno`.
    case system(String, Int32)
    /// A configured folder (archive, quarantine, derivatives) cannot be created or written.
    case cannotPrepare(folder: String, reason: String)
    /// A folder's pipeline is missing or invalid, or names a model that is not there; the reader's
    /// `FILE:LINE:COLUMN` messages.
    case invalidPipeline(String)
    /// The catalog file was deleted or replaced while the daemon ran: what it records from then on would be
    /// lost, so it stops.
    case catalogReplaced(path: String)
    /// A folder the daemon moves originals into holds files the catalog does not know: the catalog was
    /// deleted, replaced or changed in the configuration. Starting would record nothing for them.
    case unrecordedFiles(folder: String, count: Int, example: String, catalog: String)

    public var description: String {
        switch self {
        case let .cannotWatch(folder, reason): "cannot watch ingest folder \(folder): \(reason)"
        case let .system(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        case let .cannotPrepare(folder, reason): "cannot use folder \(folder): \(reason)"
        case let .invalidPipeline(reason): reason
        case let .catalogReplaced(path):
            "the catalog \(path) was deleted or replaced while the daemon ran; stopping so that nothing more is "
                + "recorded into a file nobody can open. Restore the catalog (or record the archive folders into a "
                + "new one with `conservator ingest`) before starting again"
        case let .unrecordedFiles(folder, count, example, catalog):
            "the catalog \(catalog) does not record \(count) file(s) in \(folder) (for example \(example)), where the "
                + "daemon moves the originals it records: the catalog may have been deleted, replaced or changed in "
                + "the configuration. Restore the catalog, or record the files with `conservator ingest --catalog "
                + "\(catalog) \(folder)`, then start again"
        }
    }
}
