/// Why an image could not be read or written. Ingest stores ``description`` as the quarantine reason.
public enum RasterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A well-formed file in a mode we do not read, named: "unsupported TIFF: CMYK (separated) photometric".
    case unsupported(String)
    /// The file is damaged or truncated; the library's reason, one line, prefixed with the format:
    /// "PNG: IDAT: CRC error", "TIFF: IFD looping detected", "JPEG: Premature end of JPEG file".
    case corrupt(String)
    /// The header declares more pixels than ``DecodeLimits/maxPixels``; nothing was allocated.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// Encoding or writing failed; the reason names the cause (the path, for I/O).
    case encodeFailed(String)

    public var description: String {
        switch self {
        case .unsupported(let reason): reason
        case .corrupt(let reason): "corrupt or truncated image: \(reason)"
        case .tooLarge(let width, let height, let limit):
            "image too large: \(width)×\(height) is \(width.multipliedReportingOverflow(by: height).partialValue) "
                + "pixels, the limit is \(limit)"
        case .encodeFailed(let reason): "cannot encode image: \(reason)"
        }
    }
}
