/// The one object of an `exiftool -json` file as (key, value text) pairs in file order.
///
/// Foundation's JSON reader turns numbers into doubles and loses how ExifTool wrote them ("0.008",
/// "5.60000000904325"); parity is about the text, so this reads each number as its literal and each string
/// unescaped. It reads the flat objects `exiftool -json` writes: string, number and boolean values (an
/// array value is kept as its literal text).
struct ExifToolJSON {
    var entries: [(key: String, value: String)] = []

    init(_ text: String) throws {
        var scanner = Scanner(Array(text.unicodeScalars))
        try scanner.expect("[")
        try scanner.expect("{")
        while true {
            scanner.skipSpace()
            if scanner.peek() == "}" { break }
            let key = try scanner.string()
            try scanner.expect(":")
            scanner.skipSpace()
            let value = scanner.peek() == "\"" ? try scanner.string() : scanner.literal()
            entries.append((key, value))
            scanner.skipSpace()
            if scanner.peek() == "," { scanner.index += 1 }
        }
    }

    /// The value of `key` ("IFD0:Make"), if present.
    subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    struct SyntaxError: Error {
        var offset: Int
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var index = 0

        init(_ text: [Unicode.Scalar]) { self.text = text }

        func peek() -> Unicode.Scalar? { index < text.count ? text[index] : nil }

        mutating func skipSpace() {
            while let c = peek(), c == " " || c == "\n" || c == "\r" || c == "\t" { index += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard peek() == c else { throw SyntaxError(offset: index) }
            index += 1
        }

        /// A number, boolean or array, as written.
        mutating func literal() -> String {
            var depth = 0
            var out = ""
            while let c = peek() {
                if depth == 0 && (c == "," || c == "}" || c == "\n") { break }
                if c == "[" { depth += 1 }
                if c == "]" { depth -= 1 }
                out.unicodeScalars.append(c)
                index += 1
            }
            return out
        }

        mutating func string() throws -> String {
            try expect("\"")
            var out = String.UnicodeScalarView()
            while let c = peek() {
                index += 1
                if c == "\"" { return String(out) }
                guard c == "\\", let escaped = peek() else { out.append(c); continue }
                index += 1
                switch escaped {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "u":
                    guard index + 4 <= text.count,
                          let code = UInt32(String(String.UnicodeScalarView(text[index..<index + 4])), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw SyntaxError(offset: index) }
                    out.append(scalar)
                    index += 4
                default: out.append(escaped)
                }
            }
            throw SyntaxError(offset: index)
        }
    }
}

