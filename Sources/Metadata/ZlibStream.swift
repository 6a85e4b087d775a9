import CShims

/// Inflates the zlib streams PNG keeps compressed text and ICC profiles in, never past a size limit (a
/// hostile file can hold a tiny stream that inflates to gigabytes).
enum ZlibStream {
    /// The most any one PNG text chunk or ICC profile may inflate to.
    static let limit = 64 << 20

    /// The inflated bytes, or why the stream could not be inflated.
    static func inflate(_ compressed: [UInt8]) -> Result<[UInt8], InflateFailure> {
        compressed.withUnsafeBytes { source in
            var out: UnsafeMutablePointer<UInt8>?
            var length = 0
            var message = [CChar](repeating: 0, count: 256)
            let ok = cshim_inflate(source.baseAddress, source.count, limit, &out, &length, &message, message.count)
            guard ok == 1, let out else {
                return .failure(InflateFailure(reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
            }
            defer { cshim_inflate_free(out) }
            return .success(Array(UnsafeBufferPointer(start: out, count: length)))
        }
    }

    /// Why a stream did not inflate ("zlib: stream is truncated").
    struct InflateFailure: Error {
        var reason: String
    }
}
