/// Bounds on what a decoder may allocate, checked from the header before any pixel memory exists, so
/// that a forged or absurd header costs an error, not the daemon.
public struct DecodeLimits: Sendable, Equatable {
    /// The most pixels (width × height) an image may have. Larger ones fail with
    /// ``RasterError/tooLarge(width:height:limit:)`` before decoding.
    public var maxPixels: Int
    /// TIFF strips whose decoded size is above this are read one scanline at a time (for the
    /// compressions that allow it), so that ``ImageDecoder/validate(_:limits:)`` keeps memory bounded even
    /// for a file written as one huge strip.
    public var maxStripBytes: Int

    /// Makes limits; the defaults are those of ``standard``.
    public init(maxPixels: Int = 500_000_000, maxStripBytes: Int = 16 << 20) {
        self.maxPixels = maxPixels
        self.maxStripBytes = maxStripBytes
    }

    /// 500 megapixels (above the largest museum scans we expect: a 100 MP, 16-bit RGB master is 600 MB
    /// decoded) and 16 MiB strips.
    public static let standard = DecodeLimits()

    /// Throws ``RasterError/tooLarge(width:height:limit:)`` when `width × height` is over the limit, and
    /// ``RasterError/corrupt(_:)`` when either is zero.
    func check(width: Int, height: Int, format: String) throws(RasterError) {
        guard width > 0, height > 0 else {
            throw .corrupt("\(format): image has zero width or height (\(width)×\(height))")
        }
        // Dimensions come from 32-bit fields, so the product cannot overflow Int.
        if width.multipliedReportingOverflow(by: height).overflow || width * height > maxPixels {
            throw .tooLarge(width: width, height: height, limit: maxPixels)
        }
    }
}
