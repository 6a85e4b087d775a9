import ArgumentParser
import Catalog
import Foundation
import Provenance

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy the derivatives matching the filters, with provenance reports, into a new BagIt bag.",
        discussion: """
            DIR is a BagIt bag (RFC 8493; check it with `bagit.py --validate DIR`): bagit.txt, bag-info.txt, \
            manifest-sha256.txt and tagmanifest-sha256.txt around the payload in DIR/data/:
              derivatives/  each derivative, its JPEG access copy (when the run made one) and its sidecar
                            <name>.provenance.json, side by side
              originals/, masks/   with --with-originals, --with-masks (identical masks are one file)
              index.html (open it in a browser), report.csv, report.json, premis.xml (PREMIS 3 with PRONOM
              format identifiers), prov.json (W3C PROV-JSON), mets.xml (METS 1.12 wrapping the PREMIS)
            With --config, the configuration's `institution:` is named in bag-info.txt, METS, PREMIS and PROV.
            Every file is verified against the catalog's SHA-256 while it is copied. DIR must not exist; the
            export appears there only when complete. Takes the same filters as `query`. Exits 66 when no
            derivative matches, 65 when a file changed since it was recorded or cannot be read, 73 when DIR
            exists.
              conservator export --model inpaint-unet@1 --out recall-inpaint-v1
              conservator export --ai-altered --with-masks -c conservator.yaml --out ai
            """)

    @OptionGroup var options: CatalogOptions
    @OptionGroup var filters: QueryFilters

    @Option(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var out: String

    @Option(name: [.short, .long], help: ArgumentHelp(
        "A daemon configuration: its catalog (instead of --catalog) and its institution.", valueName: "file"))
    var config: String?

    @Flag(help: "Copy the originals too.")
    var withOriginals = false

    @Flag(help: "Copy the damage masks too.")
    var withMasks = false

    @Option(help: ArgumentHelp("The HTML report's title.", valueName: "text"))
    var title = "Conservator provenance report"

    @Flag(help: "Print the summary as JSON (shape: docs/JSON.md).")
    var json = false

    func run() throws {
        var options = options
        let configuration = try config.map(WatchCommand.load)
        if let configuration { options.catalog = configuration.catalog }
        let catalog = try options.open()
        let histories = try ExitStatus.guarding { try catalog.histories(matching: try filters.query()) }
        let export = ProvenanceExport(histories: histories, options: .init(
            includeOriginals: withOriginals, includeMasks: withMasks, title: title, institution: configuration?.institution))
        guard !export.histories.isEmpty else {
            ExitStatus.report("no derivative matches the filters: nothing exported")
            throw ExitStatus.notFound
        }
        let summary: ProvenanceExport.Summary
        do {
            summary = try export.write(to: out, exportedAt: Timestamp.now())
        } catch {
            ExitStatus.report(error.description)
            if case .destinationExists = error { throw ExitStatus.cannotCreate }
            throw ExitStatus.dataError
        }
        for warning in summary.warnings { ExitStatus.report("warning: \(warning)") }
        if json {
            try JSONOutput.print(ExportedBag(summary, originals: export.histories.count))
            return
        }
        Console.print("""
            exported \(summary.derivatives) derivatives of \(export.histories.count) originals \
            (\(summary.accessCopies) with a JPEG access copy)\
            \(withOriginals ? ", \(summary.originals) originals" : "")\(withMasks ? ", \(Self.masks(summary))" : "") \
            to \(summary.directory), a BagIt bag of \(summary.files) files
              open \(summary.directory)/data/index.html in a browser
            """)
    }

    /// "3 masks in 2 files" when steps share identical masks, which the catalog and the export keep once.
    private static func masks(_ summary: ProvenanceExport.Summary) -> String {
        let masks = "\(summary.masks) \(summary.masks == 1 ? "mask" : "masks")"
        guard summary.maskFiles != summary.masks else { return masks }
        return "\(masks) in \(summary.maskFiles) \(summary.maskFiles == 1 ? "file" : "files") (identical masks are stored once)"
    }
}

/// The `--json` shape of an export's summary.
struct ExportedBag: Encodable {
    /// The bag's folder (absolute); the payload is under `data/`.
    var bag: String
    var originals: Int
    var derivatives: Int
    var accessCopies: Int
    var originalsCopied: Int
    var masks: Int
    /// Identical masks are stored once: fewer files than masks then.
    var maskFiles: Int
    /// Files of the payload (`data/`), as manifest-sha256.txt lists them.
    var files: Int
    var warnings: [String]

    init(_ summary: ProvenanceExport.Summary, originals: Int) {
        bag = URL(fileURLWithPath: summary.directory).standardizedFileURL.path
        self.originals = originals
        derivatives = summary.derivatives
        accessCopies = summary.accessCopies
        originalsCopied = summary.originals
        masks = summary.masks
        maskFiles = summary.maskFiles
        files = summary.files
        warnings = summary.warnings
    }
}
