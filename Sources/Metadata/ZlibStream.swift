import CShims

/// Inflates the zlib streams PNG keeps compressed text and ICC profiles in, never past a size limit (a
/// hostile file can hold a tiny stream that inflates to gigabytes).
enum ZlibStream {
    /// The most any one PNG text chunk or ICC profile may inflate to.
    static let limit = 64 << 20

    /// The inflated bytes, or why the stream could not be inflated. `limit` may be lowered below
    /// `ZlibStream.limit` (what is left of a file's metadata allowance).
    static func inflate(_ compressed: [UInt8], limit: Int = limit) -> Result<[UInt8], InflateFailure> {
        compressed.withUnsafeBytes { source in
            var out: UnsafeMutablePointer<UInt8>?
            var length = 0
            var message = [CChar](repeating: 0, count: 256)
            let status = cshim_inflate(source.baseAddress, source.count, limit, &out, &length, &message, message.count)
            guard status == 1, let out else {
                let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return .failure(InflateFailure(reason: reason, overLimit: status == -1))
            }
            defer { cshim_inflate_free(out) }
            return .success(Array(UnsafeBufferPointer(start: out, count: length)))
        }
    }

    /// Why a stream did not inflate ("zlib: stream is truncated").
    struct InflateFailure: Error {
        var reason: String
        /// The stream holds more than the limit it was inflated with (it may be sound).
        var overLimit = false
    }
}
