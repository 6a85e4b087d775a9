/// Reads TIFF-structured metadata — a TIFF file, a JPEG's EXIF block, a PNG `eXIf` chunk — from its raw
/// directory entries.
///
/// Why not libtiff: libtiff hands values back converted to C types (rationals as floats, unknown tags as
/// "custom" fields whose type it may coerce), refuses a whole file when one directory is damaged, and reads
/// only what it knows how to decode. An archival record needs each value exactly as stored, every tag
/// including unknown ones, and as much as is readable from a damaged file, so this reader walks the
/// directory entries itself and keeps each value as a `StoredValue`. It is bounded: every offset and length
/// is checked against the block, a directory is read at most once (IFD loops), at most `maxDirectories` are
/// read, and a value larger than `maxValueBytes` is recorded by its size instead of copied.
///
/// Directories followed: the IFD0 → IFD1 → IFD2 ... chain, the EXIF IFD (0x8769), GPS (0x8825) and the
/// Interoperability IFD (0xA005). Pointer tags are not rows (ExifTool does not list them either); XMP
/// (700) and ICC (34675) come back as bytes. SubIFDs (330), IPTC-IIM (33723) and Photoshop resources
/// (34377) are not read.
struct TIFFDirectoryReader {
    /// What one TIFF structure held.
    struct Contents {
        var tags: [MetadataTag] = []
        var xmp: [UInt8]?
        var icc: [UInt8]?
        var warnings: [String] = []
    }

    static let maxDirectories = 64
    static let maxValueBytes = 16 << 20

    private static let subdirectories: [UInt16: String] = [0x8769: "ExifIFD", 0x8825: "GPS", 0xA005: "InteropIFD"]
    /// Tags that are containers of other metadata, not values: not rows.
    private static let containerTags: Set<UInt16> = [0x8769, 0x8825, 0xA005, 0x014A, 0x02BC, 0x8773, 0x83BB, 0x8649]

    private var block: ByteView
    private let fileOffset: Int
    private let context: String
    private var bigTIFF = false
    private var contents = Contents()
    private var visited: Set<Int> = []
    /// IFD1's thumbnail offset and length, as far as read.
    private var thumbnail: (offset: Int?, length: Int?) = (nil, nil)

    /// Reads the TIFF structure `block` (starting at its byte-order mark), found `fileOffset` bytes into the
    /// file (offsets that ExifTool reports as file positions, such as ThumbnailOffset, are shifted by it).
    /// `context` names the block in warnings ("EXIF", "PNG eXIf"). Returns `nil` when `block` does not start
    /// with a TIFF header.
    static func read(_ block: ByteView, fileOffset: Int, context: String) -> Contents? {
        var reader = TIFFDirectoryReader(block: block, fileOffset: fileOffset, context: context)
        guard let first = reader.readHeader() else { return nil }
        reader.walk(from: first)
        return reader.contents
    }

    private init(block: ByteView, fileOffset: Int, context: String) {
        self.block = block
        self.fileOffset = fileOffset
        self.context = context
    }

    /// Sets the byte order and returns the offset of IFD0.
    private mutating func readHeader() -> Int? {
        if block.matches([0x49, 0x49]) {
            block.bigEndian = false
        } else if block.matches([0x4D, 0x4D]) {
            block.bigEndian = true
        } else {
            return nil
        }
        switch block.u16(2) {
        case 42: return block.u32(4).map(Int.init)
        case 43:
            guard block.u16(4) == 8, let first = block.u64(8), first <= UInt64(Int.max) else { return nil }
            bigTIFF = true
            return Int(first)
        default: return nil
        }
    }

    private mutating func walk(from first: Int) {
        var next: Int? = first
        var chainIndex = 0
        while let offset = next, offset != 0 {
            next = readDirectory(at: offset, group: "IFD\(chainIndex)")
            chainIndex += 1
        }
    }

    /// Reads one directory and the subdirectories it points to; returns the offset of the next one in the
    /// chain (0 at the end, `nil` when it cannot be read).
    private mutating func readDirectory(at offset: Int, group: String) -> Int? {
        guard visited.count < Self.maxDirectories else {
            contents.warnings.append("\(context): more than \(Self.maxDirectories) directories; the rest skipped")
            return nil
        }
        guard visited.insert(offset).inserted else {
            contents.warnings.append("\(context): \(group) at offset \(offset) was already read (directory loop)")
            return nil
        }
        let entrySize = bigTIFF ? 20 : 12
        let countSize = bigTIFF ? 8 : 2
        guard let rawCount = bigTIFF ? block.u64(offset) : block.u16(offset).map(UInt64.init),
              rawCount <= UInt64(block.count / entrySize),
              block.contains(offset + countSize, Int(rawCount) * entrySize) else {
            contents.warnings.append("\(context): \(group) directory at offset \(offset) runs past the end of the block")
            return nil
        }
        let entries = Int(rawCount)
        thumbnail = (nil, nil)
        var pending: [(offset: Int, group: String)] = []
        for index in 0..<entries {
            let entry = offset + countSize + index * entrySize
            if let sub = readEntry(at: entry, index: index, group: group) {
                pending.append(sub)
            }
        }
        for sub in pending {
            _ = readDirectory(at: sub.offset, group: sub.group)
        }
        let nextAt = offset + countSize + entries * entrySize
        let nextOffset = bigTIFF ? block.u64(nextAt).flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil }
                                 : block.u32(nextAt).map(Int.init)
        // Subdirectories (ExifIFD, GPS, Interop) have no successor worth following.
        return group.hasPrefix("IFD") ? (nextOffset ?? 0) : 0
    }

    /// Records one directory entry; returns the subdirectory it points to, if it is a pointer tag.
    private mutating func readEntry(at entry: Int, index: Int, group: String) -> (offset: Int, group: String)? {
        guard let tag = block.u16(entry), let rawType = block.u16(entry + 2) else { return nil }
        guard let type = StoredValue.FieldType(rawValue: rawType) else {
            contents.warnings.append("\(context): \(group) entry \(index) (tag 0x\(String(tag, radix: 16))) has unknown type \(rawType)")
            return nil
        }
        let inline = bigTIFF ? 8 : 4
        let valueField = entry + (bigTIFF ? 12 : 8)
        let name = TagNameTable.name(of: tag, inGroup: group)
        // A count or offset too large for any block is the same damage as one past this block's end.
        let count = (bigTIFF ? block.u64(entry + 4) : block.u32(entry + 4).map(UInt64.init)).flatMap {
            $0 <= UInt64(Int.max / 8) ? Int($0) : nil
        }
        let size = count.map { $0 * type.size }
        var valueAt: Int? = valueField
        if let size, size > inline {
            valueAt = (bigTIFF ? block.u64(valueField) : block.u32(valueField).map(UInt64.init)).flatMap {
                $0 <= UInt64(Int.max) ? Int($0) : nil
            }
        }
        guard let count, let size, let valueAt, block.contains(valueAt, size) else {
            let what = size.map { "\($0) bytes" } ?? "count too large"
            contents.warnings.append("\(context): \(group):\(name) value (\(what) at offset \(valueAt ?? -1)) runs past the end of the block")
            return nil
        }
        if let subgroup = Self.subdirectories[tag], group != "GPS" {
            if let target = StoredValue(type: type, count: count, bytes: block.slice(valueAt, min(size, 8)) ?? [],
                                        bigEndian: block.bigEndian).integers?.first, target > 0 {
                return (Int(target), subgroup)
            }
            contents.warnings.append("\(context): \(group):\(name) does not point to a directory")
            return nil
        }
        if tag == 0x02BC, group == "IFD0" { contents.xmp = block.slice(valueAt, size) }
        if tag == 0x8773, group == "IFD0" { contents.icc = block.slice(valueAt, size) }
        if Self.containerTags.contains(tag) { return nil }
        guard size <= Self.maxValueBytes else {
            contents.tags.append(MetadataTag(group: group, tagID: Int(tag), name: name,
                                             value: ExifToolText.binary(size)))
            return nil
        }
        let value = StoredValue(type: type, count: count, bytes: block.slice(valueAt, size) ?? [],
                                bigEndian: block.bigEndian)
        contents.tags.append(MetadataTag.exifRow(group: group, tag: tag, value: value, fileOffset: fileOffset))
        if group == "IFD1", tag == 0x0201 || tag == 0x0202 {
            noteThumbnail(tag: tag, value: value)
        }
        return nil
    }

    /// ExifTool lists the thumbnail that IFD1's offset and length tags point to as `IFD1:ThumbnailImage`,
    /// after the second of the two.
    private mutating func noteThumbnail(tag: UInt16, value: StoredValue) {
        guard let number = value.integers?.first else { return }
        if tag == 0x0201 { thumbnail.offset = Int(number) } else { thumbnail.length = Int(number) }
        guard let offset = thumbnail.offset, let length = thumbnail.length else { return }
        if block.contains(offset, length) {
            contents.tags.append(MetadataTag(group: "IFD1", tagID: nil, name: "ThumbnailImage",
                                             value: ExifToolText.binary(length)))
        } else {
            contents.warnings.append("\(context): IFD1 thumbnail (\(length) bytes at offset \(offset)) runs past the end of the block")
        }
    }
}
