import ByteFixtures

/// Small hand-built files for the hostile-input tests: big-endian TIFF structures, JPEG segments and PNG
/// chunks, with whatever lengths, counts and offsets a test wants.
enum HostileBytes {
    struct Entry {
        var tag: UInt16
        var type: UInt16
        var count: UInt32
        /// The 4-byte value field: inline data or an offset.
        var value: [UInt8]
    }

    static func be16(_ v: UInt16) -> [UInt8] { ByteFixtures.be16(v) }
    static func be32(_ v: UInt32) -> [UInt8] { ByteFixtures.be32(v) }

    /// A TIFF header whose IFD0 is at offset 8.
    static let tiffHeader: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A] + be32(8)

    /// One directory: entry count, entries, next-IFD offset.
    static func directory(_ entries: [Entry], next: UInt32 = 0) -> [UInt8] {
        var bytes = be16(UInt16(entries.count))
        for entry in entries {
            bytes += be16(entry.tag)
            bytes += be16(entry.type)
            bytes += be32(entry.count)
            bytes += entry.value
        }
        return bytes + be32(next)
    }

    /// IFD0:Make, inline ASCII "Hi!".
    static let make = Entry(tag: 0x010F, type: 2, count: 4, value: Array("Hi!\0".utf8))

    /// A JPEG holding `segments` (marker, payload) between SOI and EOI.
    static func jpeg(_ segments: [(UInt8, [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        for (marker, payload) in segments {
            bytes += [0xFF, marker]
            bytes += be16(UInt16(payload.count + 2))
            bytes += payload
        }
        return bytes + [0xFF, 0xD9]
    }

    static func exifSegment(_ tiff: [UInt8]) -> (UInt8, [UInt8]) {
        (0xE1, Array("Exif\0\0".utf8) + tiff)
    }

    /// A PNG of one 1x1 gray pixel with `chunks` before its IDAT.
    static func png(_ chunks: [[UInt8]]) -> [UInt8] { onePixelPNG(chunks) }

    static func chunk(_ type: String, _ data: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        pngChunk(type, data, crc: crc)
    }
}
