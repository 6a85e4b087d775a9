/// The samples of a ``RasterImage``: interleaved (all channels of a pixel together), rows top to bottom,
/// pixels left to right, no padding.
///
/// Two element types rather than one generic buffer because the codecs, the stages and the catalog all
/// need to know, without a cast, whether an image is an 8-bit access copy or a 16-bit master: a 16-bit
/// source must stay 16-bit through to the derivative.
public enum SampleStorage: Sendable, Equatable {
    /// One sample per byte: bit depths 1, 2, 4 (unscaled, `0...(1 << bitDepth) - 1`) and 8.
    case uint8([UInt8])
    /// One sample per `UInt16` in host byte order: bit depth 16.
    case uint16([UInt16])

    /// The number of samples (not bytes).
    public var count: Int {
        switch self {
        case .uint8(let samples): samples.count
        case .uint16(let samples): samples.count
        }
    }
}

extension SampleStorage {
    /// Calls `body` with the samples' bytes (host byte order for 16-bit), for the C encoders.
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var result: Result<R, E>!
        switch self {
        case .uint8(let samples):
            samples.withUnsafeBytes { bytes in result = Result { () throws(E) in try body(bytes) } }
        case .uint16(let samples):
            samples.withUnsafeBytes { bytes in result = Result { () throws(E) in try body(bytes) } }
        }
        return try result.get()
    }
}
