import ArgumentParser
import Catalog
import Foundation
import Provenance

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy the derivatives matching the filters, with provenance reports, into a new folder.",
        discussion: """
            Writes DIR/derivatives/ and DIR/sidecars/ (and with --with-originals, --with-masks those too), and
            report.csv, report.json, premis.xml (PREMIS 3), prov.json (W3C PROV-JSON), index.html (open it in a
            browser) and manifest-sha256.txt (check with `cd DIR && sha256sum -c manifest-sha256.txt`).
            Every file is verified against the catalog's SHA-256 while it is copied. DIR must not exist; the
            export appears there only when complete. Takes the same filters as `query`. Exits 66 when no
            derivative matches, 65 when a file changed since it was recorded or cannot be read.
              conservator export --model inpaint-unet@1 --out recall-inpaint-v1
              conservator export --ai-altered --folder /scans/box12 --with-masks --out box12-ai
            """)

    @OptionGroup var options: CatalogOptions
    @OptionGroup var filters: QueryFilters

    @Option(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var out: String

    @Flag(help: "Copy the originals too.")
    var withOriginals = false

    @Flag(help: "Copy the damage masks too.")
    var withMasks = false

    @Option(help: ArgumentHelp("The HTML report's title.", valueName: "text"))
    var title = "Conservator provenance report"

    func validate() throws {
        if filters.quarantined { throw ValidationError("quarantined files have no derivatives to export") }
    }

    func run() throws {
        let catalog = try options.open()
        let histories = try ExitStatus.guarding { try catalog.histories(matching: try filters.query) }
        let export = ProvenanceExport(histories: histories, options: .init(
            includeOriginals: withOriginals, includeMasks: withMasks, title: title))
        guard !export.histories.isEmpty else {
            ExitStatus.report("no derivative matches the filters: nothing exported")
            throw ExitStatus.notFound
        }
        let summary: ProvenanceExport.Summary
        do {
            summary = try export.write(to: out, exportedAt: Timestamp.now())
        } catch {
            ExitStatus.report(error.description)
            throw ExitStatus.dataError
        }
        for warning in summary.warnings { ExitStatus.report("warning: \(warning)") }
        Console.print("""
            exported \(summary.derivatives) derivatives of \(export.histories.count) originals\
            \(withOriginals ? ", \(summary.originals) originals" : "")\(withMasks ? ", \(summary.masks) masks" : "") \
            to \(summary.directory) (\(summary.files) files in manifest-sha256.txt)
              open \(summary.directory)/index.html in a browser
            """)
    }
}
