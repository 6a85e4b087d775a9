/// Turns the messages the C shims capture into the one-line reasons ``RasterError`` carries.
enum LibraryMessage {
    /// Calls `body` with a buffer for a C function's error message, and returns what it wrote.
    static func capturing<R>(_ body: (UnsafeMutablePointer<CChar>, Int) -> R) -> (R, String) {
        var buffer = [CChar](repeating: 0, count: 512)
        let result = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        return (result, buffer.withUnsafeBufferPointer { text($0.baseAddress!) })
    }

    /// A NUL-terminated message as one line with single spaces: catalog reasons never span lines.
    static func text(_ cString: UnsafePointer<CChar>) -> String {
        String(cString: cString).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The notes a shim keeps, one a line, each as one line with single spaces.
    static func lines(_ cString: UnsafePointer<CChar>) -> [String] {
        String(cString: cString).split(whereSeparator: \.isNewline).map { line in
            line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }
}
