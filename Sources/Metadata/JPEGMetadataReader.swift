/// Reads the metadata segments of a JPEG file: APP1 EXIF (through libexif) and XMP, the APP2 ICC profile
/// chunks (joined in sequence order), and COM comments.
///
/// The walk stops at the first scan (SOS): metadata comes before the image data. A segment whose length
/// runs past the end of the file, or no marker after one, breaks the framing and throws; stray bytes
/// before a marker are skipped with a warning.
enum JPEGMetadataReader {
    private static let exifHeader = Array("Exif\0\0".utf8)
    private static let xmpHeader = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
    private static let iccHeader = Array("ICC_PROFILE\0".utf8)

    static func read(_ file: ByteView) throws(MetadataError) -> ImageMetadata {
        var metadata = ImageMetadata()
        var comments: [MetadataTag] = []
        var iccChunks: [(sequence: UInt8, bytes: [UInt8])] = []
        var iccTotal: UInt8 = 0
        var sawExif = false
        var offset = 2
        while offset < file.count {
            if file.u8(offset) != 0xFF {
                // Stray bytes between segments (an APPn whose length its writer got wrong): libjpeg skips
                // them to the next marker with a warning, and so does this reader.
                guard let next = file.firstIndex(of: 0xFF, from: offset) else {
                    throw .malformed("JPEG: expected a marker at offset \(offset)")
                }
                metadata.warnings.append("JPEG: \(next - offset) stray bytes before the marker at offset \(next); "
                                         + "skipped")
                offset = next
            }
            var markerAt = offset + 1
            while file.u8(markerAt) == 0xFF { markerAt += 1 }  // fill bytes
            guard let marker = file.u8(markerAt) else { break }
            offset = markerAt + 1
            if marker == 0xD9 || marker == 0xDA { break }  // EOI, or the image data begins
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }  // no length field
            guard let length = file.u16(offset), length >= 2,
                  let segment = file.subview(offset + 2, Int(length) - 2) else {
                throw .malformed("JPEG: segment FF\(String(marker, radix: 16, uppercase: true)) at offset \(markerAt - 1) runs past the end of the file")
            }
            let segmentOffset = offset + 2
            offset += Int(length)
            switch marker {
            case 0xE1 where segment.matches(exifHeader) && !sawExif:
                sawExif = true
                ExifBlockReader.read(segment, fileOffset: segmentOffset, into: &metadata)
            case 0xE1 where segment.matches(xmpHeader) && metadata.xmpPacket == nil:
                metadata.xmpPacket = XMPPacket.trimmed(segment.slice(xmpHeader.count, segment.count - xmpHeader.count) ?? [])
            case 0xE2 where segment.matches(iccHeader):
                guard let sequence = segment.u8(12), let total = segment.u8(13) else {
                    metadata.warnings.append("JPEG: ICC profile chunk at offset \(segmentOffset) is too short")
                    continue
                }
                iccTotal = max(iccTotal, total)
                iccChunks.append((sequence, segment.slice(14, segment.count - 14) ?? []))
            case 0xFE:
                let text = String(decoding: segment.slice(0, segment.count) ?? [], as: UTF8.self)
                comments.append(MetadataTag(group: "File", tagID: nil, name: "Comment", value: text))
            default:
                break
            }
        }
        if !iccChunks.isEmpty {
            iccChunks.sort { $0.sequence < $1.sequence }
            if iccChunks.map(\.sequence) == Array(1...max(1, iccTotal)) {
                metadata.iccProfile = ICCProfileInfo(bytes: iccChunks.flatMap(\.bytes))
            } else {
                metadata.warnings.append("JPEG: ICC profile chunks \(iccChunks.map(\.sequence)) of \(iccTotal) are incomplete; profile skipped")
            }
        }
        metadata.tags += comments
        return metadata
    }
}
