/// The compressions the TIFF writer offers: all lossless, all readable by every TIFF reader an archive
/// is likely to meet. LZW and Deflate are written with horizontal differencing (predictor 2) at 8 and
/// 16 bits, which roughly halves photographs.
public enum TIFFCompression: String, Sendable, Codable, CaseIterable {
    case none
    case lzw
    case deflate
}
