import ArgumentParser
import Catalog
import Foundation
import Provenance

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List originals matching every filter given, with what was done to them.",
        discussion: """
            Run filters (--ai-altered, --stage, --model, --digital-source-type, --pipeline, --changed-more-than)
            select originals with at least one derivative meeting all of them; the row then summarises those
            derivatives. Examples:
              conservator query --ai-altered
              conservator query --model inpaint-unet@1 --format csv > recall.csv
              conservator query --stage colorize --since 2026-01-01
              conservator query --stage inpaint --changed-more-than 0.05 --folder /scans/box12
              conservator query --file-format tiff --tag IFD0:Make=Nikon --format json
              conservator query --quarantined
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: CatalogOptions
    @OptionGroup var filters: QueryFilters

    @Option(help: "Output: table (aligned columns), json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let catalog = try options.open()
        let rows = try ExitStatus.guarding { try catalog.originals(matching: filters.query) }
        switch format {
        case .json:
            print(QueryRow.json(rows.map(QueryRow.init)), terminator: "")
        case .csv:
            print(CSVText.make(header: QueryRow.columns, rows: rows.map { QueryRow($0).fields() }), terminator: "")
        case .table:
            print(Self.table([QueryRow.columns] + rows.map { QueryRow($0).fields(hashPrefix: 12) }), terminator: "")
        }
        FileHandle.standardError.write(Data("\(rows.count) \(filters.quarantined ? "quarantined" : "originals")\n".utf8))
    }

    /// Columns padded to their widest cell (counted in Unicode scalars: cheap on 100,000 rows, and exact
    /// for the ASCII the columns hold); the last column (the path) is left unpadded.
    static func table(_ lines: [[String]]) -> String {
        guard let first = lines.first else { return "" }
        let widths = first.indices.map { column in lines.map { $0[column].unicodeScalars.count }.max() ?? 0 }
        var text = ""
        for line in lines {
            for (column, cell) in line.enumerated() {
                text += cell
                guard column < line.count - 1 else { break }
                text += String(repeating: " ", count: widths[column] - cell.unicodeScalars.count + 2)
            }
            text += "\n"
        }
        return text
    }
}

/// One original in `query`'s output (json, csv and table share these fields).
private struct QueryRow {
    var id: Int64
    var sha256: String
    var format: String
    var size: String
    var status: String
    var recordedAt: String
    var derivatives: Int
    var aiAltered: Bool
    var models: [String]
    var pipelines: [String]
    var quarantineReason: String?
    var paths: [String]

    static let columns = ["id", "sha256", "format", "size", "recorded_at", "derivatives", "ai_altered", "models",
                          "pipelines", "quarantine_reason", "path"]

    init(_ row: OriginalRow) {
        let o = row.object
        id = o.id ?? 0
        sha256 = o.sha256 ?? ""
        format = o.format ?? ""
        size = o.width.flatMap { w in o.height.map { "\(w)x\($0)" + (o.bitDepth.map { " \($0)-bit" } ?? "") } } ?? ""
        status = o.status.rawValue
        recordedAt = o.createdAt
        derivatives = row.runCount
        aiAltered = row.aiAltered
        models = row.models
        pipelines = row.pipelines
        quarantineReason = o.quarantineReason
        paths = row.paths
    }

    /// The cells in ``columns`` order; the table shows only the first `hashPrefix` digits of the SHA-256.
    func fields(hashPrefix: Int = 64) -> [String] {
        [String(id), String(sha256.prefix(hashPrefix)), format, size, recordedAt, String(derivatives), aiAltered ? "yes" : "no",
         models.joined(separator: " "), pipelines.joined(separator: " "), quarantineReason ?? "", paths.first ?? ""]
    }

    /// A JSON array with one object per row, in snake_case like every other `--format json` output (written
    /// directly: JSONEncoder takes seconds on the largest answers).
    static func json(_ rows: [QueryRow]) -> String {
        var text = "[\n"
        for (index, row) in rows.enumerated() {
            let members: [(String, String)] = [
                ("id", String(row.id)), ("sha256", quoted(row.sha256)), ("format", quoted(row.format)),
                ("size", quoted(row.size)), ("status", quoted(row.status)), ("recorded_at", quoted(row.recordedAt)),
                ("derivatives", String(row.derivatives)), ("ai_altered", row.aiAltered ? "true" : "false"),
                ("models", array(row.models)), ("pipelines", array(row.pipelines)),
                ("quarantine_reason", row.quarantineReason.map(quoted) ?? "null"), ("paths", array(row.paths)),
            ]
            text += "  {" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            text += index == rows.count - 1 ? "\n" : ",\n"
        }
        return text + "]\n"
    }

    private static func array(_ values: [String]) -> String { "[" + values.map(quoted).joined(separator: ", ") + "]" }

    /// A JSON string literal (RFC 8259 escapes).
    private static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
