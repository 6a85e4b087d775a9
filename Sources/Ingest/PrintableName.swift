import Foundation

/// Names and paths written so that a log line or a record cannot be forged or garbled by them.
public enum PrintableName {
    /// `bytes` as text: valid UTF-8 kept, except control characters; those and every invalid byte as `\xNN`.
    public static func escape(_ bytes: [UInt8]) -> String {
        var text = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            // Longest valid UTF-8 prefix, one scalar at a time.
            var decoded = false
            for length in 1...min(4, rest.count) {
                if let scalar = String(validating: rest.prefix(length), as: UTF8.self), scalar.unicodeScalars.count == 1 {
                    text += escape(scalar)
                    rest = rest.dropFirst(length)
                    decoded = true
                    break
                }
            }
            if !decoded {
                text += String(format: "\\x%02X", rest.first!)
                rest = rest.dropFirst()
            }
        }
        return text
    }

    /// `text` with control characters (newlines, escapes, C1 controls) written as `\xNN` or `\u{NN}`.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                escaped += scalar.value < 0x100 ? String(format: "\\x%02X", scalar.value) : "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
