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
    /// What was being attempted ("open", "stat", "read", "mmap").
    public let operation: String

    public var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(code)))"
    }
}

/// The bytes of a file, read-only in memory: mapped when large, read into a buffer when small.
///
/// Originals are sacred: the file is opened `O_RDONLY` and mapped `PROT_READ`, so no code path through
/// this type can change it. Mapping (rather than reading into a buffer) lets ingest hash the file and
/// hand the very same bytes to the decoders and metadata readers, reading each original from disk once,
/// with memory that the kernel can drop under pressure — a 2 GB scan costs no 2 GB of heap. A file under
/// ``readThreshold`` is read instead: one copy of a few hundred kilobytes costs less than the page faults
/// of a mapping and the unmapping, which in a multi-threaded process interrupts every other core to flush
/// its TLB.
///
/// The mapping lives as long as this object; borrow the bytes with ``withBytes(_:)``.
public final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is immutable after init and unmapped only in deinit.
    /// The path the file was opened at.
    public let path: String
    /// The file's size in bytes when it was opened.
    public let size: Int
    private let base: UnsafeRawPointer?
    /// Whether the bytes are a mapping (else a buffer they were read into).
    let mapped: Bool

    /// Files smaller than this are read into a buffer rather than mapped.
    public static let readThreshold = 4 << 20

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
        let declared = Int(info.st_size)
        if declared == 0 {
            (base, size, mapped) = (nil, 0, false)
        } else if declared < Self.readThreshold {
            (base, size) = try Self.read(fd, count: declared, path: path)
            mapped = false
        } else {
            let mapping = mmap(nil, declared, PROT_READ, MAP_PRIVATE, fd, 0)
            guard let mapping, mapping != MAP_FAILED else {
                throw FileAccessError(path: path, code: errno, operation: "mmap")
            }
            // Ingest reads front to back once; tell the kernel so it reads ahead aggressively.
            _ = madvise(mapping, declared, MADV_SEQUENTIAL)
            (base, size, mapped) = (UnsafeRawPointer(mapping), declared, true)
        }
    }

    /// Reads up to `count` bytes into a new buffer. A file that shrank since `fstat` (still being written)
    /// gives the bytes it had, so the hash is of exactly the bytes examined.
    private static func read(_ fd: Int32, count: Int, path: String) throws(FileAccessError)
        -> (UnsafeRawPointer?, Int) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        var done = 0
        while done < count {
            let got = pread(fd, buffer + done, count - done, off_t(done))
            if got > 0 {
                done += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                let code = errno
                buffer.deallocate()
                throw FileAccessError(path: path, code: code, operation: "read")
            }
        }
        if done == 0 {
            buffer.deallocate()
            return (nil, 0)
        }
        return (UnsafeRawPointer(buffer), done)
    }

    deinit {
        guard let base else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), size)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
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
