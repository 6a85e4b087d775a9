/// A hand-built little-endian TIFF: one 8-bit gray strip of 64 bytes and one IFD (or several, all naming
/// that strip), whose dimensions, extra entries and next-IFD offset the test chooses (an offset of 8
/// points IFD0 at itself: a loop).
public struct MinimalTIFF {
    public var width: UInt32
    public var height: UInt32
    /// The next-IFD offset of the last directory.
    public var nextIFD: UInt32
    /// Directories in the chain, each a copy of IFD0 (pages of the same image).
    public var pages = 1
    /// StripByteCounts as written (the strip holds 64 bytes; 0 is what some writers put when they did not know).
    public var stripByteCount: UInt32 = 64
    /// Entries added to every directory after the nine the image needs: tag, type, count, and the 4-byte
    /// value field (a SHORT value in its first two bytes).
    public var extraEntries: [(tag: UInt16, type: UInt16, count: UInt32, value: UInt32)] = []

    public init(width: UInt32, height: UInt32, nextIFD: UInt32) {
        self.width = width
        self.height = height
        self.nextIFD = nextIFD
    }

    /// Where directory `index` starts: IFD0 right after the header, then the strip, then the others.
    public func directoryOffset(_ index: Int) -> UInt32 {
        index == 0 ? 8 : UInt32(8 + 64 + index * directorySize)
    }

    private var entries: [(tag: UInt16, type: UInt16, count: UInt32, value: UInt32)] {
        [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
         (273, 4, 1, UInt32(8 + directorySize)), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, stripByteCount)]
            + extraEntries
    }

    private var directorySize: Int { 2 + (9 + extraEntries.count) * 12 + 4 }

    public var bytes: [UInt8] {
        func directory(next: UInt32) -> [UInt8] {
            var ifd = le16(UInt16(entries.count))
            for (tag, type, count, value) in entries {
                ifd += le16(tag) + le16(type) + le32(count) + (type == 3 ? le16(UInt16(value)) + [0, 0] : le32(value))
            }
            return ifd + le32(next)
        }
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + le32(8)
        tiff += directory(next: pages > 1 ? directoryOffset(1) : nextIFD)
        tiff += [UInt8](repeating: 128, count: 64)
        for page in 1..<max(pages, 1) {
            tiff += directory(next: page + 1 < pages ? directoryOffset(page + 1) : nextIFD)
        }
        return tiff
    }
}
