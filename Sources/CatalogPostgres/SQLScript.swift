/// A migration file cut into the statements it holds. PostgreSQL's extended query protocol (the one PostgresNIO
/// speaks) runs one statement per message, so a file is sent statement by statement. A `;` ends a statement
/// only outside quotes ('…', "…"), dollar quotes ($$…$$, $tag$…$tag$: function bodies) and comments.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        let text = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let statement = String(current).trimmingWhitespace()
            if !statement.isEmpty { statements.append(statement) }
            current = String.UnicodeScalarView()
        }
        /// Copies text up to and including `terminator`, from `index`; returns where it stopped.
        func copy(through terminator: [Unicode.Scalar]) {
            while index < text.count {
                if text[index...].starts(with: terminator) {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(text[index])
                index += 1
            }
        }

        while index < text.count {
            let scalar = text[index]
            switch scalar {
            case "-" where text[index...].starts(with: ["-", "-"]):
                while index < text.count, text[index] != "\n" { index += 1 }
            case "/" where text[index...].starts(with: ["/", "*"]):
                index += 2
                while index < text.count, !text[index...].starts(with: ["*", "/"]) { index += 1 }
                index += 2
            case "'", "\"":
                current.append(scalar)
                index += 1
                copy(through: [scalar])
            case "$":
                // A dollar-quote tag is $ident$ or $$; a $ elsewhere ($1, a parameter) is plain text.
                var end = index + 1
                while end < text.count, text[end].properties.isAlphabetic || text[end] == "_" { end += 1 }
                if end < text.count, text[end] == "$" {
                    let tag = Array(text[index...end])
                    current.append(contentsOf: tag)
                    index = end + 1
                    copy(through: tag)
                } else {
                    current.append(scalar)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(scalar)
                index += 1
            }
        }
        flush()
        return statements
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
