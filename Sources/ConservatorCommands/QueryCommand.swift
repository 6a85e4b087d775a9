import ArgumentParser
import Catalog
import Foundation
import Provenance

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List originals matching every filter given, with what was done to them.",
        discussion: """
            Run filters (--ai-altered, --stage, --model, --digital-source-type, --pipeline, --changed-more-than) \
            select originals with at least one derivative meeting all of them; the row then summarises those \
            derivatives. Examples:
              conservator query --ai-altered
              conservator query --model inpaint-unet@1 --format csv > recall.csv
              conservator query --stage colorize --since 2026-01-01
              conservator query --stage inpaint --changed-more-than 0.05 --folder box12
              conservator query --file-format tiff --tag IFD0:Make=Nikon --json
              conservator query --quarantined
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: CatalogOptions
    @OptionGroup var filters: QueryFilters

    // here, not among the shared filters: quarantined files have no derivatives, so `export` has no use for it
    @Flag(help: "Quarantined files (with their reasons) instead of accepted originals.")
    var quarantined = false

    @Option(help: "Output: table (aligned columns), json or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Print as JSON, like every data command (the same as --format json; shape: docs/JSON.md).")
    var json = false

    func validate() throws {
        if json && format == .csv { throw ValidationError("--json and --format csv contradict each other; give one") }
    }

    func run() throws {
        let catalog = try options.open()
        let query = try filters.query(quarantined: quarantined)
        if let model = query.runs.model { try Self.checkKnown(model, in: catalog) }
        let rows = try ExitStatus.guarding { try catalog.originals(matching: query) }
        switch json ? .json : format {
        case .json:
            Console.current.output(QueryRow.json(rows.map(QueryRow.init)))
        case .csv:
            Console.print(CSVText.make(header: QueryRow.columns, rows: rows.map { QueryRow($0).fields() }), terminator: "")
        case .table:
            Console.current.output(Self.table([QueryRow.columns] + rows.map { QueryRow($0).fields(hashPrefix: 12) }))
        }
        Console.current.errors(Array("\(rows.count) \(quarantined ? "quarantined" : "originals")\n".utf8))
    }

    /// A model recall the catalog cannot answer would print "0 originals", like a clean one: a version no run used
    /// is a warning naming the versions the catalog knows; a name no run used is a usage error (a typo).
    private static func checkKnown(_ model: NameAndVersion, in catalog: Catalog) throws {
        let known = try ExitStatus.guarding { try catalog.modelsUsed() }
        let sameName = known.filter { $0.name == model.name }
        let nameKnown = !sameName.isEmpty
        let versionKnown = model.version.map { version in sameName.contains { $0.version == version } } ?? true
        if nameKnown && versionKnown { return }
        let knownText = known.isEmpty ? "no model" : known.map(\.description).joined(separator: ", ")
        ExitStatus.report("warning: no run used \(model); the catalog knows \(knownText)")
        if !nameKnown { throw ExitCode.validationFailure }
    }

    /// Columns padded to their widest cell (counted in Unicode scalars: cheap on 100,000 rows, and exact
    /// for the ASCII the columns hold), as UTF-8 bytes; the last column (the path) is left unpadded.
    static func table(_ lines: [[String]]) -> [UInt8] {
        guard let first = lines.first else { return [] }
        let widths = first.indices.map { column in lines.map { $0[column].unicodeScalars.count }.max() ?? 0 }
        var bytes: [UInt8] = []
        for line in lines {
            for (column, cell) in line.enumerated() {
                bytes.append(contentsOf: cell.utf8)
                guard column < line.count - 1 else { break }
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[column] - cell.unicodeScalars.count + 2))
            }
            bytes.append(0x0A)
        }
        return bytes
    }
}

/// One original in `query`'s output (json, csv and table share these fields).
private struct QueryRow {
    var id: Int64
    var sha256: String
    var format: String
    /// Width×height and bit depth ("6000x4000 16-bit"); empty where unknown (quarantined files).
    var dimensions: String
    /// The file's length in bytes (known for quarantined files too, whose dimensions are not).
    var bytes: Int64?
    var status: String
    var recordedAt: String
    var derivatives: Int
    var aiAltered: Bool
    var models: [String]
    var pipelines: [String]
    var quarantineReason: String?
    var paths: [String]

    static let columns = ["id", "sha256", "format", "dimensions", "bytes", "recorded_at", "derivatives", "ai_altered", "models",
                          "pipelines", "quarantine_reason", "path"]

    init(_ row: OriginalRow) {
        let o = row.object
        id = o.id ?? 0
        sha256 = o.sha256 ?? ""
        format = o.format ?? ""
        dimensions = o.width.flatMap { w in o.height.map { "\(w)x\($0)" + (o.bitDepth.map { " \($0)-bit" } ?? "") } } ?? ""
        bytes = o.size
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
        [String(id), String(sha256.prefix(hashPrefix)), format, dimensions, bytes.map(String.init) ?? "", recordedAt, String(derivatives), aiAltered ? "yes" : "no",
         models.joined(separator: " "), pipelines.joined(separator: " "), quarantineReason ?? "", paths.first ?? ""]
    }

    /// A JSON array with one object per row, in snake_case like every other `--format json` output, as UTF-8
    /// bytes (written directly: JSONEncoder, and even String concatenation, take seconds on 50,000 rows).
    static func json(_ rows: [QueryRow]) -> [UInt8] {
        var out = JSONBytes()
        out.raw("[\n")
        for (index, row) in rows.enumerated() {
            out.raw("  {\"id\": \(row.id)")
            for (key, value) in [("sha256", row.sha256), ("format", row.format), ("dimensions", row.dimensions),
                                 ("status", row.status), ("recorded_at", row.recordedAt)] {
                out.raw(", \"\(key)\": ")
                out.string(value)
            }
            out.raw(", \"bytes\": \(row.bytes.map(String.init) ?? "null")")
            out.raw(", \"derivatives\": \(row.derivatives), \"ai_altered\": \(row.aiAltered), \"models\": ")
            out.strings(row.models)
            out.raw(", \"pipelines\": ")
            out.strings(row.pipelines)
            out.raw(", \"quarantine_reason\": ")
            if let reason = row.quarantineReason { out.string(reason) } else { out.raw("null") }
            out.raw(", \"paths\": ")
            out.strings(row.paths)
            out.raw(index == rows.count - 1 ? "}\n" : "},\n")
        }
        out.raw("]\n")
        return out.bytes
    }
}

/// JSON text built as UTF-8 bytes: string literals with RFC 8259 escapes, copied whole when nothing needs one.
private struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
                case 0x0A: bytes += Array("\\n".utf8)
                case 0x0D: bytes += Array("\\r".utf8)
                case 0x09: bytes += Array("\\t".utf8)
                case ..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { raw(", ") }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
