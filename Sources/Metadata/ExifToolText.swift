#if canImport(Glibc)
import Glibc  // pow
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that turns a `StoredValue` into text, written as `exiftool -n` prints it, so that a
/// recorded value can be compared with what a curator sees in ExifTool.
///
/// `-n` turns off ExifTool's print conversion but not its value conversion, so the rules are:
/// - integers as decimal, several separated by spaces; ASCII up to the first NUL;
/// - rationals as the quotient with 10 significant digits (`%.10g`), `inf` or `undef` for a zero
///   denominator; FLOAT and DOUBLE with 15 (Perl's default for numbers);
/// - one UNDEFINED byte as a number; several as text when they are printable, otherwise
///   `(Binary data N bytes, use -b option to extract)`, as ExifTool writes binary values in JSON;
/// - ExifTool's value conversions for the tags that have one: version tags (`0232`), UserComment and GPS
///   text with their character-code header removed, Windows XP tags decoded from UCS-2, trailing blanks
///   trimmed from Make, Model, Software, Artist and SubSecTime*, CFAPattern as its dimensions and cells,
///   ShutterSpeedValue as 2^-v, ApertureValue and MaxApertureValue as 2^(v/2), GPS coordinates in decimal
///   degrees, GPSTimeStamp as `hh:mm:ss`, GPSDateStamp with colons.
///
/// Known difference: an UNDEFINED value that is not printable text is recorded as binary even where
/// ExifTool would print its bytes as an escaped string.
enum ExifToolText {
    /// The text of `value`, stored as `tag` in a directory of `group` (`IFD0`, `ExifIFD`, `GPS` ...).
    static func text(of value: StoredValue, tag: UInt16, group: String) -> String {
        if group == "GPS", let converted = gpsConversion(value, tag: tag) { return converted }
        if group != "GPS", let converted = exifConversion(value, tag: tag) { return converted }
        return plain(value)
    }

    /// How ExifTool writes a binary value it does not print.
    static func binary(_ size: Int) -> String {
        "(Binary data \(size) bytes, use -b option to extract)"
    }

    /// The value without any tag-specific conversion.
    static func plain(_ value: StoredValue) -> String {
        switch value.type {
        case .ascii:
            return string(value.bytes.prefix { $0 != 0 })
        case .undefined where value.count != 1:
            return printable(value.bytes) ? string(value.bytes) : binary(value.bytes.count)
        case .rational, .srational:
            return (value.rationals(signed: false) ?? []).map(quotient).joined(separator: " ")
        case .float, .double:
            return (value.reals ?? []).map(perlNumber).joined(separator: " ")
        default:
            guard let integers = value.integers else { return "" }
            if value.isUnsigned64 {
                return integers.map { String(UInt64(bitPattern: $0)) }.joined(separator: " ")
            }
            return integers.map(String.init).joined(separator: " ")
        }
    }

    // MARK: - ExifTool's value conversions

    private static func exifConversion(_ value: StoredValue, tag: UInt16) -> String? {
        switch tag {
        case 0x9000, 0xA000, 0x0002:  // ExifVersion, FlashpixVersion, InteropVersion
            guard value.type == .undefined else { return nil }
            var bytes = value.bytes
            while bytes.last == 0 { bytes.removeLast() }
            return string(bytes)
        case 0x9286:  // UserComment
            return value.type == .undefined ? exifText(value) : nil
        case 0x9101:  // ComponentsConfiguration, read as bytes
            return value.bytes.map(String.init).joined(separator: " ")
        case 0x9201:  // ShutterSpeedValue (APEX) as an exposure time; 0 when not a usable number
            let text = firstNumberText(value)
            let v = perlNumeric(text)
            return perlNumber(isFloat(text) && abs(v) < 100 ? pow(2, -v) : 0)
        case 0x9202, 0x9205:  // ApertureValue, MaxApertureValue (APEX) as f-numbers
            return perlNumber(pow(2, perlNumeric(firstNumberText(value)) / 2))
        case 0x010F, 0x0110, 0x0131, 0x013B:  // Make, Model, Software, Artist: trailing white space trimmed
            return String(plain(value).reversed().drop { " \t\n\r\u{0B}\u{0C}".contains($0) }.reversed())
        case 0xA302:  // CFAPattern
            return value.type == .undefined ? cfaPattern(value) : nil
        case 0x9290, 0x9291, 0x9292:  // SubSecTime*: trailing blanks trimmed
            var text = plain(value)
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        case 0x9C9B...0x9C9F:  // XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UCS-2 little-endian
            return UTF16Text.decode(value.bytes, bigEndian: false)
        case 0x927C:  // MakerNote: kept whole, not parsed
            return binary(value.bytes.count)
        default:
            return nil
        }
    }

    private static func gpsConversion(_ value: StoredValue, tag: UInt16) -> String? {
        switch tag {
        case 0x0002, 0x0004, 0x0014, 0x0016:  // GPSLatitude, GPSLongitude, GPSDestLatitude, GPSDestLongitude
            let texts = plain(value).split(separator: " ").map(String.init)
            // ExifTool's ToDegrees gives nothing for a coordinate with a zero denominator.
            guard let degrees = texts.first, !texts.contains("inf"), !texts.contains("undef") else { return "" }
            let parts = texts.map(perlNumeric)
            let minutes = parts.count > 1 ? parts[1] : 0, seconds = parts.count > 2 ? parts[2] : 0
            return perlNumber(perlNumeric(degrees) + (minutes + seconds / 60) / 60)
        case 0x0007:  // GPSTimeStamp
            return timeStamp(plain(value).split(separator: " ").map { perlNumeric(String($0)) })
        case 0x001D:  // GPSDateStamp: ExifTool's ExifDate puts colons between year, month and day
            return exifDate(plain(value))
        case 0x001B, 0x001C:  // GPSProcessingMethod, GPSAreaInformation
            return value.type == .undefined ? exifText(value) : nil
        default:
            return nil
        }
    }

    /// ExifTool's `ConvertExifText`: an 8-byte character code, then the text.
    private static func exifText(_ value: StoredValue) -> String {
        let bytes = value.bytes
        guard bytes.count >= 8 else { return string(bytes) }
        let code = Array(bytes[0..<8]), body = Array(bytes[8...])
        var text: String
        if code.starts(with: Array("ASCII".utf8)) || code[0] == 0 || code.allSatisfy({ $0 == 0 || $0 == 0x20 }) {
            text = string(body.prefix { $0 != 0 })
        } else if code.starts(with: Array("UNICODE".utf8)), code[7] == 0 || code[7] == 0x20 {
            text = UTF16Text.decode(body, bigEndian: value.bigEndian)
        } else if code.starts(with: Array("JIS".utf8)) {
            text = string(body)
        } else {
            text = string(bytes)
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// ExifTool's `ConvertTimeStamp`: hours, minutes and seconds to `hh:mm:ss[.fff]`.
    private static func timeStamp(_ parts: [Double]) -> String {
        var total = ((parts.first ?? 0) * 60 + (parts.count > 1 ? parts[1] : 0)) * 60 + (parts.count > 2 ? parts[2] : 0)
        // An infinite part (a zero denominator) comes out of Perl's arithmetic this way.
        guard total.isFinite else { return perlNumber(total) + ":NaN:000000000NaN" }
        var hours = (total / 3600).rounded(.towardZero)
        total -= hours * 3600
        var minutes = (total / 60).rounded(.towardZero)
        total -= minutes * 60
        var seconds = CNumberFormat.fixed(total, width: 12, decimals: 9)
        if (Double(seconds) ?? 0) >= 60 {
            seconds = "00"
            minutes += 1
            if minutes >= 60 { minutes -= 60; hours += 1 }
        } else {
            while seconds.hasSuffix("0") { seconds.removeLast() }
            if seconds.hasSuffix(".") { seconds.removeLast() }
        }
        return CNumberFormat.integer(Int(hours), digits: 2) + ":" + CNumberFormat.integer(Int(minutes), digits: 2) + ":"
            + seconds
    }

    /// ExifTool's `DecodeCFAPattern`: two 16-bit dimensions (in either byte order, whichever fits), then
    /// one byte per cell; a pattern written as ASCII digits is read as those digits.
    private static func cfaPattern(_ value: StoredValue) -> String {
        var bytes = value.bytes
        if !bytes.isEmpty, bytes.allSatisfy({ (0x30...0x36).contains($0) }) { bytes = bytes.map { $0 - 0x30 } }
        guard bytes.count >= 4 else { return string(bytes) }
        let ordered = StoredValue(type: .short, count: 2, bytes: Array(bytes[0..<4]), bigEndian: value.bigEndian)
        var size = (ordered.integers ?? [0, 0]).map(Int.init)
        let cells = bytes.count - 4
        if size[0] * size[1] > cells {
            let swapped = StoredValue(type: .short, count: 2, bytes: Array(bytes[0..<4]), bigEndian: !value.bigEndian)
            let other = (swapped.integers ?? [0, 0]).map(Int.init)
            if other[0] * other[1] <= cells { size = other }
        }
        return (size.map(String.init) + bytes[4...].map { String($0) }).joined(separator: " ")
    }

    /// ExifTool's `ExifDate`: the text ending in year, month and day, with anything but digits between
    /// them, gets colons there (`1923-06-15` → `1923:06:15`); other text is kept.
    private static func exifDate(_ text: String) -> String {
        let chars = Array(text)
        let isDigit = { (c: Character) in c.isASCII && c.isNumber }
        var end = chars.count
        var fields: [String] = []
        for (position, length) in [4, 2, 2].reversed().enumerated() {
            if position > 0 { while end > 0, !isDigit(chars[end - 1]) { end -= 1 } }
            let start = end - length
            guard start >= 0, chars[start..<end].allSatisfy(isDigit) else { return text }
            fields.insert(String(chars[start..<end]), at: 0)
            end = start
        }
        return String(chars[..<end]) + fields.joined(separator: ":")
    }

    // MARK: - Numbers and text as ExifTool makes them

    /// A rational's quotient as ExifTool's `GetRational64u` writes it.
    private static func quotient(_ r: (numerator: Int64, denominator: Int64)) -> String {
        if r.denominator == 0 { return r.numerator == 0 ? "undef" : "inf" }
        return CNumberFormat.general(Double(r.numerator) / Double(r.denominator), digits: 10)
    }

    /// The first element's text, as ExifTool's conversions see it (rationals already rounded).
    private static func firstNumberText(_ value: StoredValue) -> String {
        String(plain(value).split(separator: " ").first ?? "")
    }

    /// A string as Perl reads it as a number: "inf" is infinite, anything unreadable ("undef") is 0.
    private static func perlNumeric(_ text: String) -> Double {
        Double(text) ?? 0
    }

    /// ExifTool's `IsFloat`: a decimal number, optionally with an exponent ("inf" and "undef" are not).
    /// Whether `text` is a decimal number as ExifTool's `IsFloat` accepts it: `[+-]?(?=\d|\.\d)\d*(\.\d*)?
    /// ([Ee][+-]?\d+)?`. Scanned by hand: it runs for most numeric tags of every file, and a regular
    /// expression made it one of ingest's costliest steps.
    private static func isFloat(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let integerDigits = bytes.prefix(while: isDigit).count
        bytes = bytes.dropFirst(integerDigits)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionDigits = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponentDigits = bytes.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return false }
            bytes = bytes.dropFirst(exponentDigits)
        }
        return bytes.isEmpty
    }

    /// A number as Perl prints it: 15 significant digits, `Inf` and `NaN` spelled as Perl does.
    private static func perlNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        return CNumberFormat.general(value, digits: 15)
    }

    private static func printable(_ bytes: [UInt8]) -> Bool {
        var trimmed = bytes[...]
        while trimmed.last == 0 { trimmed.removeLast() }
        return !trimmed.isEmpty && trimmed.allSatisfy(isPrintable)
    }

    private static func isPrintable(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func string<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        while text.last == "\0" { text.removeLast() }
        return String(text)
    }
}
