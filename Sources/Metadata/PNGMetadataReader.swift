import CShims

/// Reads the metadata chunks of a PNG file: the fixed-layout chunks (`PNGChunkFields`), tEXt/zTXt/iTXt
/// text, the XMP iTXt, eXIf (TIFF-structured EXIF), and iCCP, before and after the image data.
///
/// A chunk whose length runs past the end of the file breaks the framing and throws; a chunk with a bad
/// CRC, a stream that does not inflate, or damaged fields is skipped with a warning. Text chunks are named
/// as ExifTool names them (`PNG:Title`, `PNG:Title-fr-FR` for an iTXt with a language). The "Raw profile
/// type" text ImageMagick writes is read as ExifTool reads it: `exif` and `APP1` as EXIF, `xmp` as the
/// XMP packet and `icc`/`icm` as the ICC profile (these two only where no proper chunk came first); other
/// raw profiles (IPTC) are kept as text rows.
///
/// Compressed text is inflated only up to `MetadataReader.maxBytes` per file in all (a text chunk that
/// would go past what is left spends the rest): more could not be kept anyway, and 60 chunks of 2 MiB
/// each cost seconds to inflate. Chunks after that are counted in `ImageMetadata.omitted`, not inflated.
enum PNGMetadataReader {
    static func read(_ file: ByteView) throws(MetadataError) -> ImageMetadata {
        var metadata = ImageMetadata()
        var allowance = MetadataReader.maxBytes
        var sawProfile = false
        var offset = 8
        while offset < file.count {
            guard let length = file.u32(offset), file.contains(offset + 8, Int(length) + 4),
                  let data = file.subview(offset + 8, Int(length)) else {
                throw .malformed("PNG: chunk at offset \(offset) runs past the end of the file")
            }
            let type = String(decoding: file.slice(offset + 4, 4) ?? [], as: UTF8.self)
            let dataOffset = offset + 8
            offset = dataOffset + Int(length) + 4
            if type == "IDAT" { continue }
            if type == "IEND" { break }
            guard let typed = file.subview(dataOffset - 4, Int(length) + 4),
                  cshim_crc32(typed.bytes.baseAddress, typed.bytes.count) == file.u32(dataOffset + Int(length)) else {
                metadata.warnings.append("PNG: \(type) chunk at offset \(dataOffset - 8) has a bad CRC; skipped")
                continue
            }
            switch type {
            case "tEXt", "zTXt", "iTXt": readText(type, data, allowance: &allowance, into: &metadata)
            case "iCCP" where sawProfile:
                // PNG allows one; each may inflate to 64 MiB, and a file could hold thousands.
                metadata.warnings.append("PNG: iCCP chunk at offset \(dataOffset - 8) is a second profile; skipped")
            case "iCCP":
                sawProfile = true
                readProfile(data, into: &metadata)
            case "eXIf":
                // ExifTool reports offsets in an eXIf chunk (ThumbnailOffset) from the chunk's TIFF
                // header, not from the start of the file.
                readExif(data, context: "PNG eXIf", into: &metadata)
            default: metadata.tags += PNGChunkFields.rows(of: type, data)
            }
        }
        return metadata
    }

    private static func readExif(_ data: ByteView, context: String, into metadata: inout ImageMetadata) {
        if let exif = TIFFDirectoryReader.read(data, fileOffset: 0, context: context) {
            metadata.tags += exif.tags
            metadata.warnings += exif.warnings
        } else {
            metadata.warnings.append("\(context) does not start with a TIFF header; skipped")
        }
    }

    private static func readProfile(_ data: ByteView, into metadata: inout ImageMetadata) {
        guard let end = data.firstIndex(of: 0, from: 0), let compressed = data.slice(end + 2, data.count - end - 2) else {
            metadata.warnings.append("PNG: iCCP chunk is damaged; skipped")
            return
        }
        let name = latin1(data.slice(0, end) ?? [])
        metadata.tags.append(MetadataTag(group: "PNG", tagID: nil, name: "ProfileName", value: name))
        switch ZlibStream.inflate(compressed) {
        case .success(let profile): metadata.iccProfile = ICCProfileInfo(bytes: profile)
        case .failure(let failure): metadata.warnings.append("PNG: iCCP profile: \(failure.reason)")
        }
    }

    /// tEXt: keyword, NUL, Latin-1 text. zTXt: keyword, NUL, method, zlib stream. iTXt: keyword, NUL,
    /// compression flag, method, language, NUL, translated keyword, NUL, UTF-8 text (zlib when flagged).
    private static func readText(_ type: String, _ data: ByteView, allowance: inout Int,
                                 into metadata: inout ImageMetadata) {
        guard let end = data.firstIndex(of: 0, from: 0) else {
            metadata.warnings.append("PNG: \(type) chunk has no keyword terminator; skipped")
            return
        }
        let keyword = latin1(data.slice(0, end) ?? [])
        var language = ""
        var compressed = false
        var textStart = end + 1
        switch type {
        case "zTXt":
            compressed = true
            textStart = end + 2
        case "iTXt":
            guard let flag = data.u8(end + 1), let langEnd = data.firstIndex(of: 0, from: end + 3),
                  let translatedEnd = data.firstIndex(of: 0, from: langEnd + 1) else {
                metadata.warnings.append("PNG: iTXt chunk '\(keyword)' is damaged; skipped")
                return
            }
            compressed = flag != 0
            language = latin1(data.slice(end + 3, langEnd - end - 3) ?? [])
            textStart = translatedEnd + 1
        default: break
        }
        guard var bytes = data.slice(textStart, data.count - textStart) else {
            metadata.warnings.append("PNG: \(type) chunk '\(keyword)' is damaged; skipped")
            return
        }
        if compressed {
            guard allowance > 0 else {
                metadata.omitted.uninflated += 1
                metadata.omitted.uninflatedBytes += bytes.count
                return
            }
            switch ZlibStream.inflate(bytes, limit: min(ZlibStream.limit, allowance)) {
            case .success(let inflated):
                bytes = inflated
                allowance -= inflated.count
            case .failure(let failure) where failure.overLimit:
                allowance = 0
                metadata.omitted.uninflated += 1
                metadata.omitted.uninflatedBytes += bytes.count
                return
            case .failure(let failure):
                metadata.warnings.append("PNG: \(type) chunk '\(keyword)': \(failure.reason); skipped")
                return
            }
        }
        let text = type == "iTXt" ? String(decoding: bytes, as: UTF8.self) : latin1(bytes)
        if keyword == "XML:com.adobe.xmp" {
            metadata.xmpPacket = XMPPacket.trimmed(text)
            return
        }
        if keyword.hasPrefix("Raw profile type "), readRawProfile(keyword.dropFirst(17), text, into: &metadata) {
            return
        }
        var name = PNGTextName.name(of: keyword)
        if !language.isEmpty { name += "-" + PNGTextName.standardLanguage(language) }
        metadata.tags.append(MetadataTag(group: "PNG", tagID: nil, name: name, value: text))
    }

    /// Reads ImageMagick's hex-encoded profile text; false when it is not one this reader takes in.
    private static func readRawProfile(_ kind: Substring, _ text: String, into metadata: inout ImageMetadata) -> Bool {
        guard ["exif", "APP1", "xmp", "icc", "icm"].contains(kind) else { return false }
        guard let bytes = RawProfileText.decode(text) else {
            metadata.warnings.append("PNG: Raw profile type \(kind) is not hex-encoded; skipped")
            return true
        }
        switch kind {
        case "xmp":
            if metadata.xmpPacket == nil { metadata.xmpPacket = XMPPacket.trimmed(bytes) }
        case "icc", "icm":
            if metadata.iccProfile == nil { metadata.iccProfile = ICCProfileInfo(bytes: bytes) }
        default:
            let header = Array("Exif\0\0".utf8)
            let tiff = bytes.starts(with: header) ? Array(bytes.dropFirst(header.count)) : bytes
            tiff.withUnsafeBytes { readExif(ByteView($0), context: "PNG Raw profile type \(kind)", into: &metadata) }
        }
        return true
    }

    private static func latin1(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
