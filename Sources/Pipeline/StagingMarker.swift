import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file a run in progress keeps inside its folder: it names the catalog the run will be recorded in,
/// and the writing process holds an exclusive `flock` on it until the run is recorded. The kernel drops the
/// lock when the process dies, however it dies, so "marker present and lock free" means "abandoned".
struct StagingMarker {
    static let fileName = ".conservator-staging"

    /// What a folder's marker says about the run in it.
    enum State: Equatable {
        /// No marker: a finished run (or a folder Conservator did not stage): never to be touched.
        case none
        /// A live process holds the lock: a run being written now.
        case busy
        /// The process that staged it is gone; the marker names the catalog it meant to record in.
        case abandoned(catalog: String)
    }

    /// A marker that could not be written, with the system's reason.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
    }

    private let descriptor: Int32

    /// Writes a marker naming `catalog` into `folder` and locks it.
    static func create(in folder: String, catalog: String) throws(Failure) -> StagingMarker {
        let path = "\(folder)/\(fileName)"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure(path: path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            throw Failure(path: path, errno: code)
        }
        let text = Array("catalog: \(catalog)\npid: \(getpid())\n".utf8)
        let written = text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else {
            let code = written < 0 ? errno : EIO
            close(fd)
            throw Failure(path: path, errno: code)
        }
        return StagingMarker(descriptor: fd)
    }

    /// Reads the marker in `folder` without following links. For `.abandoned`, the lock is taken and let go
    /// again at once: the caller decides what to do with a run nobody is writing.
    static func state(of folder: String) -> State {
        let fd = open("\(folder)/\(fileName)", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return .none }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return .busy }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        let catalog = text.split(separator: "\n").first { $0.hasPrefix("catalog: ") }
            .map { String($0.dropFirst("catalog: ".count)) } ?? ""
        return .abandoned(catalog: catalog)
    }

    /// Removes the marker from `folder` (where the run now is), syncs the folder, and lets go of the lock.
    func remove(from folder: String) {
        unlink("\(folder)/\(Self.fileName)")
        Self.syncFolder(folder)
        release()
    }

    /// Lets go of the lock (the marker stays, to be found abandoned).
    func release() {
        close(descriptor)
    }

    /// Flushes a folder's entries, so a rename or unlink in it survives a crash.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

