/// Reads what an ICC profile calls itself: its `desc` tag.
///
/// Profiles of version 2 store it as `textDescriptionType` (ASCII, with optional Unicode and ScriptCode
/// forms that ExifTool, like us, does not prefer); version 4 as `multiLocalizedUnicodeType`, of which the
/// en-US record is taken, else the first. Every offset is checked: a damaged profile gives `nil`.
enum ICCProfileDescription {
    static func read(from profile: [UInt8]) -> String? {
        profile.withUnsafeBytes { raw in
            let view = ByteView(raw)
            guard let tagCount = view.u32(128), tagCount < 1024 else { return nil }
            for index in 0..<Int(tagCount) {
                let entry = 132 + index * 12
                guard view.matches(Array("desc".utf8), at: entry),
                      let offset = view.u32(entry + 4), let size = view.u32(entry + 8),
                      let tag = view.subview(Int(offset), Int(size)) else { continue }
                if tag.matches(Array("desc".utf8)) { return textDescription(tag) }
                if tag.matches(Array("mluc".utf8)) { return localizedDescription(tag) }
                return nil
            }
            return nil
        }
    }

    private static func textDescription(_ tag: ByteView) -> String? {
        guard let length = tag.u32(8), let text = tag.slice(12, Int(length)) else { return nil }
        return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func localizedDescription(_ tag: ByteView) -> String? {
        guard let records = tag.u32(8), let recordSize = tag.u32(12), recordSize >= 12,
              records < 4096 else { return nil }
        var chosen: (length: UInt32, offset: UInt32)?
        for index in 0..<Int(records) {
            let record = 16 + index * Int(recordSize)
            guard let length = tag.u32(record + 4), let offset = tag.u32(record + 8) else { return nil }
            if chosen == nil || tag.matches(Array("enUS".utf8), at: record) { chosen = (length, offset) }
            if tag.matches(Array("enUS".utf8), at: record) { break }
        }
        guard let chosen, let bytes = tag.slice(Int(chosen.offset), Int(chosen.length)) else { return nil }
        return UTF16Text.decode(bytes, bigEndian: true)
    }
}
