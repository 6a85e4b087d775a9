/// RFC 4180 CSV text, as spreadsheets and collection management systems import it: fields holding a comma,
/// a quote or a line break are quoted, quotes doubled, lines end in CRLF-free `\n`. Written by hand because
/// it is this small and runs over every row of a large query; the tests parse it back with an independent
/// reader (CSV.swift).
public enum CSVText {
    /// A header line and one line per row.
    public static func make(header: [String], rows: [[String]]) -> String {
        var text = line(header)
        for row in rows { text += line(row) }
        return text
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    private static func field(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D })
        else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
