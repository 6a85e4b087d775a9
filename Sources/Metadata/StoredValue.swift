/// One tag's value exactly as stored: TIFF field type, count, the raw bytes, and their byte order.
///
/// Both readers produce this — libexif hands its entries over in the block's byte order, and TIFF
/// directory entries are read from the file — so there is one place (`ExifToolText`) that turns values
/// into text.
struct StoredValue: Sendable, Equatable {
    /// TIFF field types (TIFF 6.0 and BigTIFF); libexif's `ExifFormat` uses the same numbers.
    enum FieldType: UInt16, Sendable {
        case byte = 1, ascii, short, long, rational, sbyte, undefined, sshort, slong, srational, float, double
        case ifd = 13
        case long8 = 16, slong8, ifd8

        /// Bytes per element.
        var size: Int {
            switch self {
            case .byte, .ascii, .sbyte, .undefined: 1
            case .short, .sshort: 2
            case .long, .slong, .float, .ifd: 4
            case .rational, .srational, .double, .long8, .slong8, .ifd8: 8
            }
        }
    }

    var type: FieldType
    /// Number of elements (of `type.size` bytes each; characters for ASCII).
    var count: Int
    var bytes: [UInt8]
    var bigEndian: Bool

    // MARK: element access (callers have checked bytes.count == count * type.size)

    private func u16(_ offset: Int) -> UInt16 { unsigned(offset) }
    private func u32(_ offset: Int) -> UInt32 { unsigned(offset) }
    private func u64(_ offset: Int) -> UInt64 { unsigned(offset) }

    /// The unsigned integer of `Value`'s width at `offset`, in the file's byte order.
    private func unsigned<Value: FixedWidthInteger & UnsignedInteger>(_ offset: Int) -> Value {
        let width = MemoryLayout<Value>.size
        var value: Value = 0
        for i in 0..<width { value = value << 8 | Value(bytes[offset + (bigEndian ? i : width - 1 - i)]) }
        return value
    }

    /// The elements as integers, for the integer types; `nil` for others.
    var integers: [Int64]? {
        let n = min(count, bytes.count / type.size)
        switch type {
        case .byte, .undefined: return bytes.prefix(n).map { Int64($0) }
        case .sbyte: return bytes.prefix(n).map { Int64(Int8(bitPattern: $0)) }
        case .short: return (0..<n).map { Int64(u16($0 * 2)) }
        case .sshort: return (0..<n).map { Int64(Int16(bitPattern: u16($0 * 2))) }
        case .long, .ifd: return (0..<n).map { Int64(u32($0 * 4)) }
        case .slong: return (0..<n).map { Int64(Int32(bitPattern: u32($0 * 4))) }
        case .long8, .ifd8: return (0..<n).map { Int64(bitPattern: u64($0 * 8)) }
        case .slong8: return (0..<n).map { Int64(bitPattern: u64($0 * 8)) }
        default: return nil
        }
    }

    /// Whether `integers` must be read as unsigned 64-bit (LONG8/IFD8 values above Int64.max).
    var isUnsigned64: Bool { type == .long8 || type == .ifd8 }

    /// Numerator and denominator pairs, for the rational types (`signed` reads either type as SRATIONAL,
    /// as ExifTool does for tags whose format it fixes).
    func rationals(signed: Bool) -> [(numerator: Int64, denominator: Int64)]? {
        guard type == .rational || type == .srational else { return nil }
        let n = min(count, bytes.count / 8)
        let asSigned = signed || type == .srational
        return (0..<n).map { i in
            let num = u32(i * 8), den = u32(i * 8 + 4)
            if asSigned {
                return (Int64(Int32(bitPattern: num)), Int64(Int32(bitPattern: den)))
            }
            return (Int64(num), Int64(den))
        }
    }

    /// The elements as floating point, for FLOAT and DOUBLE.
    var reals: [Double]? {
        let n = min(count, bytes.count / type.size)
        switch type {
        case .float: return (0..<n).map { Double(Float(bitPattern: u32($0 * 4))) }
        case .double: return (0..<n).map { Double(bitPattern: u64($0 * 8)) }
        default: return nil
        }
    }
}
