extension MetadataTag {
    /// The rows of one EXIF/TIFF directory entry, named and written as ExifTool does.
    ///
    /// Offsets to data (strips, tiles, the thumbnail) are file positions in ExifTool, so `fileOffset` —
    /// where the TIFF header lies in the file — is added to them.
    static func exifRow(group: String, tag: UInt16, value: StoredValue, fileOffset: Int) -> MetadataTag {
        let name = TagNameTable.name(of: tag, inGroup: group)
        let isOffset = group != "GPS" && [0x0111, 0x0144, 0x0201].contains(tag)
        let text: String
        if isOffset, let integers = value.integers {
            text = integers.map { String($0 + Int64(fileOffset)) }.joined(separator: " ")
        } else {
            text = ExifToolText.text(of: value, tag: tag, group: group)
        }
        return MetadataTag(group: group, tagID: Int(tag), name: name, value: text)
    }
}
