import Crypto
import Fixity
import Foundation

/// Copies a catalogued file in chunks while hashing it, and refuses the copy when the bytes are not the
/// ones the catalog recorded, so an export never carries a changed file under a verified checksum.
enum VerifiedCopy {
    static let chunkSize = 4 << 20

    /// Copies `source` to `destination` (a new file) and returns the SHA-256 of what was copied; throws
    /// when it differs from `expected` (the copy is removed then).
    @discardableResult
    static func copy(_ source: String, to destination: String, expecting expected: String?) throws(ExportError) -> String {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw .unreadable(path: source, cause: FileManager.default.fileExists(atPath: source) ? "permission denied" : "no such file")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let output = FileHandle(forWritingAtPath: destination) else {
            throw .writeFailed(path: destination, cause: "cannot create the file")
        }
        var hasher = SHA256()
        do {
            defer { try? output.close() }
            while let chunk = try input.read(upToCount: chunkSize), !chunk.isEmpty {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw .writeFailed(path: destination, cause: "\(error)")
        }
        let actual = ContentHash.hex(hasher.finalize())
        if let expected, actual != expected {
            try? FileManager.default.removeItem(atPath: destination)
            throw .checksumMismatch(path: source, expected: expected, actual: actual)
        }
        return actual
    }
}


