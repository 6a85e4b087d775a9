#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers (and a crash) see either the old state or the whole new file.
///
/// Public for writers of other bytes that must land the same way (a derivative with XMP spliced in, a
/// provenance sidecar):
///
/// ```swift
/// try AtomicFile.replace("/derivatives/12/run/sidecar.json", with: Array(json))
/// ```
public enum AtomicFile {
    /// Writes `bytes` to a temporary file in `path`'s directory, syncs it, renames it to `path` and syncs
    /// the directory. On any failure the temporary file is removed and `path` is untouched.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(RasterError) {
        let directory = Self.directory(of: path)
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("create a temporary file in \(directory)") }
        let temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        do throws(RasterError) {
            defer { close(fd) }
            // mkstemp makes the file private (0600); a derivative is an ordinary readable file.
            guard fchmod(fd, 0o644) == 0 else { throw failure("set permissions of \(temporary)") }
            try writeAll(bytes, to: fd, path: temporary)
            guard fsync(fd) == 0 else { throw failure("sync \(temporary)") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        // The rename is durable only once the directory entry is on disk.
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        guard directoryFD >= 0 else { throw failure("open \(directory) to sync it") }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else { throw failure("sync \(directory)") }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(RasterError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write \(path)")
            }
            written += n
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// An error naming what failed and `errno`'s reason.
    private static func failure(_ what: String) -> RasterError {
        .encodeFailed("cannot \(what): \(String(cString: strerror(errno)))")
    }
}
