/// A hand-built little-endian TIFF: one 8-bit gray strip and one IFD, whose dimensions and next-IFD
/// offset the test chooses (an offset of 8 points the IFD at itself: a loop).
public struct MinimalTIFF {
    public var width: UInt32
    public var height: UInt32
    public var nextIFD: UInt32

    public init(width: UInt32, height: UInt32, nextIFD: UInt32) {
        self.width = width
        self.height = height
        self.nextIFD = nextIFD
    }

    public var bytes: [UInt8] {
        let entryCount = 9
        let dataOffset = UInt32(8 + 2 + entryCount * 12 + 4)
        let entries: [(UInt16, UInt16, UInt32)] = [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, dataOffset), (277, 3, 1), (278, 4, height), (279, 4, 64),
        ]
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + le32(8) + le16(UInt16(entries.count))
        for (tag, type, value) in entries {
            tiff += le16(tag) + le16(type) + le32(1) + (type == 3 ? le16(UInt16(value)) + [0, 0] : le32(value))
        }
        return tiff + le32(nextIFD) + [UInt8](repeating: 128, count: 64)
    }
}
