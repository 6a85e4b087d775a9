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

    public var description: String {
        switch self {
        case let .cannotWatch(folder, reason): "cannot watch ingest folder \(folder): \(reason)"
        case let .system(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        case let .cannotPrepare(folder, reason): "cannot use folder \(folder): \(reason)"
        case let .invalidPipeline(reason): reason
        }
    }
}
