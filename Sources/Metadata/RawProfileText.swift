/// The "Raw profile type ..." PNG text that ImageMagick writes for metadata PNG had no chunk for: a
/// newline, the profile type, its length, then the bytes in hex (`\nexif\n    1234\n4578696600...`).
enum RawProfileText {
    /// The profile's bytes, or `nil` when the text is not in that shape.
    static func decode(_ text: String) -> [UInt8]? {
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, lines[0].isEmpty,
              Int(String(lines[2].prefix { $0 != "\n" }.filter { $0 != " " })) != nil else { return nil }
        let hexLines = lines[2].drop { $0 != "\n" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hexLines.utf8.count / 2)
        var high: UInt8?
        for c in hexLines.utf8 {
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c - UInt8(ascii: "A") + 10
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: return nil
            }
            if let h = high { bytes.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        return bytes
    }
}
