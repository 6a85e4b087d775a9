import CEXIF
import CShims

/// Reads a JPEG's EXIF block (APP1 `Exif\0\0`) with libexif.
///
/// `cshim_exif_load` loads the block without libexif's "follow the specification" fix-ups, so no missing
/// mandatory tag is invented and no value is changed, and keeps tags libexif has no name for. libexif
/// walks the IFD0 → IFD1 chain and the EXIF, GPS and Interoperability IFDs, refuses IFD loops and entries
/// past the end of the block, and says so in its log, which becomes warnings here. Each entry's bytes come
/// back in the block's byte order, so values are turned into text by the same `ExifToolText` as a TIFF's.
///
/// One difference from ExifTool: libexif consumes IFD1's JPEGInterchangeFormat and
/// JPEGInterchangeFormatLength entries to load the thumbnail and does not keep them. The length is
/// recorded from the thumbnail it loaded (`IFD1:ThumbnailLength`, `IFD1:ThumbnailImage`); the offset, a
/// position in the file rather than a property of the picture, is not.
enum ExifBlockReader {
    /// The order ExifTool lists the directories in.
    private static let directories: [(ifd: ExifIfd, group: String)] = [
        (EXIF_IFD_0, "IFD0"), (EXIF_IFD_EXIF, "ExifIFD"), (EXIF_IFD_INTEROPERABILITY, "InteropIFD"),
        (EXIF_IFD_GPS, "GPS"), (EXIF_IFD_1, "IFD1"),
    ]

    /// Reads `block`, an APP1 payload starting with `Exif\0\0`, that lies `fileOffset` bytes into the file.
    static func read(_ block: ByteView, fileOffset: Int, into metadata: inout ImageMetadata) {
        var log = [CChar](repeating: 0, count: 4096)
        guard let base = block.bytes.baseAddress,
              let loaded = cshim_exif_load(base.assumingMemoryBound(to: UInt8.self), UInt32(clamping: block.count),
                                           &log, log.count) else {
            metadata.warnings.append("EXIF: libexif could not allocate memory for the block")
            return
        }
        defer { cshim_exif_free(loaded) }
        let exif = loaded.assumingMemoryBound(to: ExifData.self)
        let bigEndian = exif_data_get_byte_order(exif) == EXIF_BYTE_ORDER_MOTOROLA
        // Offsets inside the block count from its TIFF header, 6 bytes after `Exif\0\0` starts.
        let tiffOffset = fileOffset + 6
        for (ifd, group) in directories {
            guard let content = directory(ifd, of: exif) else { continue }
            for index in 0..<Int(content.pointee.count) {
                guard let entry = content.pointee.entries[index]?.pointee,
                      let type = StoredValue.FieldType(rawValue: UInt16(truncatingIfNeeded: entry.format.rawValue)) else {
                    continue
                }
                let bytes = entry.data.map { Array(UnsafeBufferPointer(start: $0, count: Int(entry.size))) } ?? []
                let value = StoredValue(type: type, count: Int(entry.components), bytes: bytes, bigEndian: bigEndian)
                let tag = UInt16(truncatingIfNeeded: entry.tag.rawValue)
                metadata.tags.append(MetadataTag.exifRow(group: group, tag: tag, value: value, fileOffset: tiffOffset))
            }
            if ifd == EXIF_IFD_1, exif.pointee.data != nil, exif.pointee.size > 0 {
                let length = Int(exif.pointee.size)
                metadata.tags.append(MetadataTag(group: "IFD1", tagID: 0x0202, name: "ThumbnailLength", value: "\(length)"))
                metadata.tags.append(MetadataTag(group: "IFD1", tagID: nil, name: "ThumbnailImage",
                                                 value: ExifToolText.binary(length)))
            }
        }
        let messages = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        metadata.warnings += messages.split(whereSeparator: \.isNewline).map { "EXIF: " + $0 }
    }

    /// The directory `ifd` of `exif`: `ExifData.ifd` is a C array, which Swift sees as a tuple.
    private static func directory(_ ifd: ExifIfd, of exif: UnsafeMutablePointer<ExifData>) -> UnsafeMutablePointer<ExifContent>? {
        withUnsafeBytes(of: exif.pointee.ifd) { raw in
            let stride = MemoryLayout<UnsafeMutablePointer<ExifContent>?>.stride
            return raw.load(fromByteOffset: Int(ifd.rawValue) * stride, as: UnsafeMutablePointer<ExifContent>?.self)
        }
    }
}
