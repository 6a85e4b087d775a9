import ArgumentParser
import Catalog
import Foundation

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List originals matching every condition given.",
        discussion: """
            Examples:
              conservator query --format tiff --since 2026-01-01
              conservator query --tag IFD0:Make=Nikon --tag ExifIFD:ISO=400 --json
              conservator query --quarantined
            """)

    @OptionGroup var options: CatalogOptions

    @Option(help: ArgumentHelp("Only this format: tiff, png or jpeg.", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Only objects recorded at or after this date (YYYY-MM-DD or ISO 8601 time, UTC).",
                               valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("A metadata tag with exactly this value; repeat to require several.",
                               valueName: "group:name=value"))
    var tag: [String] = []

    @Flag(help: "List quarantined files (with their reasons) instead of accepted originals.")
    var quarantined = false

    @Flag(help: "Print as JSON.")
    var json = false

    func validate() throws {
        if let format, !["tiff", "png", "jpeg"].contains(format.lowercased()) {
            throw ValidationError("--format must be tiff, png or jpeg (got '\(format)')")
        }
        if let since, Timestamp.parse(since) == nil {
            throw ValidationError("--since must be a date like 2026-11-25 or 2026-11-25T08:00:00Z (got '\(since)')")
        }
        for condition in tag where TagCondition(parsing: condition) == nil {
            throw ValidationError("--tag must look like GROUP:NAME=VALUE, e.g. IFD0:Make=Nikon (got '\(condition)')")
        }
    }

    func run() throws {
        let catalog = try options.open()
        let query = OriginalQuery(
            format: format?.lowercased(),
            since: since.flatMap(Timestamp.parse).map(Timestamp.format),
            tags: tag.compactMap(TagCondition.init(parsing:)),
            status: quarantined ? .quarantined : .accepted)
        let rows = try ExitStatus.guarding { try catalog.originals(matching: query) }
        if json {
            try JSONOutput.print(rows.map { QueryRow(object: $0.object, paths: $0.paths) })
            return
        }
        for row in rows {
            let o = row.object
            var line = "\(o.id ?? 0)\t\(o.sha256.map { String($0.prefix(12)) } ?? "-")\t\(o.format ?? "-")"
            if let width = o.width, let height = o.height, let depth = o.bitDepth {
                line += "\t\(width)x\(height)\t\(depth)-bit"
            }
            line += "\t\(row.paths.first ?? "")"
            if let reason = o.quarantineReason { line += "\t\(reason)" }
            print(line)
        }
        FileHandle.standardError.write(Data("\(rows.count) \(quarantined ? "quarantined" : "originals")\n".utf8))
    }
}

/// The `--json` shape of one query row.
private struct QueryRow: Encodable {
    var object: StoredObject
    var paths: [String]
}
