import CSV
import Foundation

/// RFC 4180 CSV text (fields with commas, quotes or line breaks quoted), as spreadsheets and collection
/// management systems import it.
public enum CSVText {
    /// A header line and one line per row.
    public static func make(header: [String], rows: [[String]]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
