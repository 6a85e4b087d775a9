#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be opened for reading.
public struct FileAccessError: Error, Sendable, CustomStringConvertible {
    /// The path that was opened.
    public let path: String
    /// The C library's `errno` at the failure.
    public let code: Int32
    /// What was being attempted ("open", "stat", "mmap").
    public let operation: String

    public var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(code)))"
    }
}

/// The bytes of a file, mapped read-only into memory.
///
/// Originals are sacred: the file is opened `O_RDONLY` and mapped `PROT_READ`, so no code path through
/// this type can change it. Mapping (rather than reading into a buffer) lets ingest hash the file and
/// hand the very same bytes to the decoders and metadata readers, reading each original from disk once,
/// with memory that the kernel can drop under pressure — a 2 GB scan costs no 2 GB of heap.
///
/// The mapping lives as long as this object; borrow the bytes with ``withBytes(_:)``.
public final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is immutable after init and unmapped only in deinit.
    /// The path the file was opened at.
    public let path: String
    /// The file's size in bytes when it was opened.
    public let size: Int
    private let base: UnsafeRawPointer?

    /// Opens and maps `path`. An empty file maps to an empty buffer.
    public init(path: String) throws(FileAccessError) {
        self.path = path
        // O_NONBLOCK: opening a FIFO (or a device) for reading would otherwise wait for a writer forever;
        // the fstat below then refuses it. Reads of a regular file ignore the flag.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileAccessError(path: path, code: errno, operation: "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileAccessError(path: path, code: errno, operation: "stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileAccessError(path: path, code: EINVAL, operation: "read a non-regular file")
        }
        size = Int(info.st_size)
        if size == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw FileAccessError(path: path, code: errno, operation: "mmap")
        }
        // Ingest reads front to back once; tell the kernel so it reads ahead aggressively.
        _ = madvise(mapped, size, MADV_SEQUENTIAL)
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// Calls `body` with the file's bytes. The buffer must not escape the closure.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: size))
    }

    /// The format the file's signature declares, or `nil`.
    public var sniffedFormat: ImageFormat? {
        withBytes { ImageFormat.sniff($0.prefix(ImageFormat.signatureLength)) }
    }
}
