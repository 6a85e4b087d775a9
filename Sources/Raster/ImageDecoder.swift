import ImageSource

/// Reads TIFF, PNG and JPEG from memory, exact to the sample value.
///
/// The format is told by the leading bytes, never by a file name. Every failure is a ``RasterError``;
/// no input, however damaged, crashes the process or makes a library print or exit. Decoders read from
/// the bytes they are given (a ``MappedFile`` in ingest), so an original is read from disk once.
///
/// ```swift
/// let file = try MappedFile(path: path)
/// let info = try ImageDecoder.validate(file)   // proves the image data whole; holds no image
/// let image = try ImageDecoder.decode(file)    // the pixels, with the ICC profile
/// ```
public enum ImageDecoder {
    /// The header of `bytes`: dimensions, depth, color model, compression, pages, ICC profile.
    /// Throws ``RasterError/tooLarge(width:height:limit:)`` for an image over `limits`, and
    /// ``RasterError/unsupported(_:)`` for a mode ``decode(_:limits:)`` would refuse.
    public static func info(of bytes: UnsafeRawBufferPointer, limits: DecodeLimits = .standard)
        throws(RasterError) -> ImageInfo {
        switch try format(of: bytes) {
        case .tiff: try TIFFReader(bytes, limits: limits).info
        case .png: try PNGReader(bytes, limits: limits).info
        case .jpeg: try JPEGReader(bytes, limits: limits).info
        }
    }

    /// Decodes the first image of `bytes` (the first page of a TIFF).
    public static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits = .standard)
        throws(RasterError) -> RasterImage {
        switch try format(of: bytes) {
        case .tiff: try TIFFReader(bytes, limits: limits).decode()
        case .png: try PNGReader(bytes, limits: limits).decode()
        case .jpeg: try JPEGReader(bytes, limits: limits).decode()
        }
    }

    /// Proves the file whole: a TIFF or PNG by decoding every pixel, a strip/tile/row band at a time; a
    /// JPEG by reading all of its entropy-coded data (see `JPEGReader.validate`). No image is kept in memory
    /// (progressive JPEG and interlaced PNG excepted where the library needs the whole image's coefficients
    /// or rows). Returns the header, as ``info(of:limits:)`` does, with the decoder's messages about a file
    /// it found whole in ``ImageInfo/warnings``.
    ///
    /// What is damage and what is a warning: a message that means pixel data is missing or corrupt (a
    /// truncated strip, scan or IDAT, a CRC error, bad entropy-coded data, stray bytes inside or after a
    /// scan) throws ``RasterError/corrupt(_:)``; one about data that describes the pixels without holding
    /// them (an invalid ICC profile or describing tag, stray bytes between segments before the image data,
    /// data after the complete image data, a chain of further pages that loops) is a warning. The rules
    /// for each library are in the shims (`png_codec.c`, `jpeg_codec.c`, `tiff_memory.c`) and `TIFFLayout`.
    public static func validate(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits = .standard)
        throws(RasterError) -> ImageInfo {
        var info: ImageInfo
        switch try format(of: bytes) {
        case .tiff:
            let reader = try TIFFReader(bytes, limits: limits)
            try reader.validate()
            info = reader.info
            info.warnings = reader.notes
        case .png:
            let reader = try PNGReader(bytes, limits: limits)
            try reader.validate()
            info = reader.info
            info.warnings = reader.notes
        case .jpeg:
            let reader = try JPEGReader(bytes, limits: limits)
            try reader.validate()
            info = reader.info
            info.warnings = reader.notes
        }
        info.warnings = info.warnings.map { "\(info.format.rawValue.uppercased()): \($0)" }
        return info
    }

    /// ``info(of:limits:)`` of a mapped file.
    public static func info(of file: MappedFile, limits: DecodeLimits = .standard) throws(RasterError) -> ImageInfo {
        try file.withBytes { (bytes) throws(RasterError) in try info(of: bytes, limits: limits) }
    }

    /// ``decode(_:limits:)`` of a mapped file.
    public static func decode(_ file: MappedFile, limits: DecodeLimits = .standard) throws(RasterError) -> RasterImage {
        try file.withBytes { (bytes) throws(RasterError) in try decode(bytes, limits: limits) }
    }

    /// ``validate(_:limits:)`` of a mapped file.
    public static func validate(_ file: MappedFile, limits: DecodeLimits = .standard) throws(RasterError) -> ImageInfo {
        try file.withBytes { (bytes) throws(RasterError) in try validate(bytes, limits: limits) }
    }

    /// ``info(of:limits:)`` of bytes in an array.
    public static func info(of bytes: [UInt8], limits: DecodeLimits = .standard) throws(RasterError) -> ImageInfo {
        try withBuffer(bytes) { (buffer) throws(RasterError) in try info(of: buffer, limits: limits) }
    }

    /// ``decode(_:limits:)`` of bytes in an array.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = .standard) throws(RasterError) -> RasterImage {
        try withBuffer(bytes) { (buffer) throws(RasterError) in try decode(buffer, limits: limits) }
    }

    /// ``validate(_:limits:)`` of bytes in an array.
    public static func validate(_ bytes: [UInt8], limits: DecodeLimits = .standard) throws(RasterError) -> ImageInfo {
        try withBuffer(bytes) { (buffer) throws(RasterError) in try validate(buffer, limits: limits) }
    }

    private static func withBuffer<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(RasterError) -> R)
        throws(RasterError) -> R {
        var result: Result<R, RasterError>!
        bytes.withUnsafeBytes { buffer in
            do throws(RasterError) { result = .success(try body(buffer)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    private static func format(of bytes: UnsafeRawBufferPointer) throws(RasterError) -> ImageFormat {
        guard !bytes.isEmpty else { throw .corrupt("empty file (0 bytes)") }
        guard let format = ImageFormat.sniff(bytes.prefix(ImageFormat.signatureLength)) else {
            throw .unsupported("unsupported format: not a TIFF, PNG or JPEG signature")
        }
        return format
    }
}
