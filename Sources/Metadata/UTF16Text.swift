/// Text stored as UTF-16 (EXIF `UNICODE` comments, Windows XP tags, ICC `mluc` records), with trailing
/// NULs removed.
enum UTF16Text {
    static func decode(_ bytes: [UInt8], bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let first = UInt16(bytes[i]), second = UInt16(bytes[i + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            i += 2
        }
        while units.last == 0 { units.removeLast() }
        return String(decoding: units, as: UTF16.self)
    }
}
