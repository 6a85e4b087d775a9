/// Bounds-checked reads of integers from a byte buffer, in either byte order.
///
/// Every metadata block comes from an untrusted file, so every read says whether it fitted: a read past
/// the end returns `nil` instead of trapping, and the callers turn that into a warning or a
/// `MetadataError`.
struct ByteView {
    let bytes: UnsafeRawBufferPointer
    var bigEndian: Bool

    init(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool = true) {
        self.bytes = bytes
        self.bigEndian = bigEndian
    }

    var count: Int { bytes.count }

    /// Whether `length` bytes starting at `offset` lie inside the buffer (false on overflow too).
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func u8(_ offset: Int) -> UInt8? {
        contains(offset, 1) ? bytes[offset] : nil
    }

    func u16(_ offset: Int) -> UInt16? {
        uint(offset, 2).map { UInt16($0) }
    }

    func u32(_ offset: Int) -> UInt32? {
        uint(offset, 4).map { UInt32($0) }
    }

    func u64(_ offset: Int) -> UInt64? {
        uint(offset, 8)
    }

    /// The `length` bytes at `offset`, copied, or `nil` when they do not fit.
    func slice(_ offset: Int, _ length: Int) -> [UInt8]? {
        contains(offset, length) ? Array(bytes[offset..<offset + length]) : nil
    }

    /// A view of the `length` bytes at `offset` (same byte order), or `nil` when they do not fit.
    func subview(_ offset: Int, _ length: Int) -> ByteView? {
        guard contains(offset, length) else { return nil }
        return ByteView(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), bigEndian: bigEndian)
    }

    /// Whether the bytes at `offset` are `prefix`.
    func matches(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        guard contains(offset, prefix.count) else { return false }
        return prefix.indices.allSatisfy { bytes[offset + $0] == prefix[$0] }
    }

    /// Offset of the first `byte` at or after `offset`, if any.
    func firstIndex(of byte: UInt8, from offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count else { return nil }
        return bytes[offset...].firstIndex(of: byte)
    }

    private func uint(_ offset: Int, _ size: Int) -> UInt64? {
        guard contains(offset, size) else { return nil }
        var value: UInt64 = 0
        for i in 0..<size {
            value = value << 8 | UInt64(bytes[offset + (bigEndian ? i : size - 1 - i)])
        }
        return value
    }
}
