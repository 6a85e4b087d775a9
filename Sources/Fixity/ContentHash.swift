import Crypto
import Foundation

/// SHA-256, the fixity digest recorded for every object (PREMIS messageDigestAlgorithm `SHA-256`).
public enum ContentHash {
    /// The lowercase hex SHA-256 of `bytes`.
    ///
    /// The bytes are fed in 8 MiB slices: for a memory-mapped original, this keeps the working set
    /// small, and lets the kernel drop pages already hashed when memory is short.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        let slice = 8 << 20
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + slice, bytes.count)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            offset = end
        }
        return hex(hasher.finalize())
    }

    /// The lowercase hex SHA-256 of bytes already in memory (a file about to be written, a model).
    public static func sha256<D: DataProtocol>(_ bytes: D) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// A digest as lowercase hex, the form the catalog, sidecars and manifests record.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
