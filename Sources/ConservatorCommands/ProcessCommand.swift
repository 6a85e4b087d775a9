import ArgumentParser
import Catalog
import Foundation
import Ingest
import Pipeline
import Restoration

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run a pipeline on originals: derivative, masks, provenance sidecar, catalog records.",
        discussion: """
            Each original is named by catalog id, SHA-256 or path; a path not yet in the catalog is ingested \
            first. The pipeline is a name from the pipelines folder (classical → Pipelines/classical.yaml) or a \
            YAML file. Outputs go to OUT/<original id>/<run>/: the derivative (with an embedded XMP \
            disclosure), the masks, and provenance.json; they appear together or not at all. Originals are \
            processed one after the other; one that fails does not stop the others. `restore` is another name \
            for this command.

            With --json, prints one array (an object per original given: its run, or why it has none; \
            docs/JSON.md) instead of the text, and no progress. On a terminal, a line on standard error shows \
            the stage running, how much of it is done and about how long it has left.

            Exits 0 when every original was processed, 65 when a run failed (the original changed, a stage \
            refused it), 66 when an original is not found (and none failed), 74 on catalog errors, 78 when the \
            pipeline file is invalid or a model is missing.
              conservator process scans/0042.tif scans/0043.tif --pipeline archival-repair
              conservator process 17 --pipeline color-only
              conservator process scans/0042.tif --pipeline repair-marked --mask holes.png
            """,
        aliases: ["restore"])

    @OptionGroup var options: CatalogOptions

    @Option(name: [.short, .long], help: ArgumentHelp(
        "A daemon configuration: its catalog (instead of --catalog) and its institution, whose name and rights "
            + "statement go into the derivatives' XMP.", valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp("Catalog ids, SHA-256s (or 8+ hex digits of one), or paths.", valueName: "id|path"))
    var references: [String]

    @Option(help: ArgumentHelp("A pipeline name or a pipeline YAML file.", valueName: "name|file"))
    var pipeline: String

    @Option(name: [.customLong("out"), .customLong("derivatives")],
            help: ArgumentHelp("Where derivatives are written.", valueName: "dir"))
    var out = "derivatives"

    @OptionGroup var library: LibraryOptions

    @Option(help: ArgumentHelp("A mask for stages with 'mask: supplied' (white marks what to fill; same size as the "
                               + "original). Only with one original.", valueName: "file"))
    var mask: String?

    @Option(help: ArgumentHelp("Tile size for model stages (memory for inference is bounded by it).", valueName: "pixels"))
    var tile = StageContext.defaultTileSize

    @Flag(help: "Print the runs as JSON (shape: docs/JSON.md).")
    var json = false

    func validate() throws {
        if mask != nil && references.count > 1 {
            throw ValidationError("--mask marks one original; give one original with it (\(references.count) given)")
        }
    }

    func run() throws {
        let validated = try PipelinesCommand.read(pipeline, with: library.pipelineReader)
        var options = options
        let configuration = try config.map(WatchCommand.load)
        if let configuration { options.catalog = configuration.catalog }
        let catalog = try options.open(creatingIfMissing: true)
        // absolute: the catalog records the run's files for readers in other folders (serve, verify, export)
        let out = URL(fileURLWithPath: out).standardizedFileURL.path
        var runner = PipelineRunner(catalog: catalog, models: library.modelStoreKeepingModels, derivatives: out,
                                    software: Agent.conservator)
        runner.tileSize = tile
        runner.institution = configuration?.institution
        let progress = RunProgressLine(enabled: !json)
        runner.progress = { place, fraction in progress.report(place, fraction) }
        var outcome = (done: 0, failed: 0, missing: 0)
        var processed: [ProcessedOriginal] = []
        for (index, reference) in references.enumerated() {
            progress.begin(reference, index: index, of: references.count)
            let original: (object: StoredObject, path: String)
            do {
                original = try Self.locate(reference, in: catalog)
            } catch {
                ExitStatus.report("\(reference): \(error)")
                outcome.missing += 1
                processed.append(.unprocessed(reference, originalID: nil, outcome: "not-found", error: "\(error)"))
                continue
            }
            do {
                // A `process` killed earlier left this original's unfinished run folders; only those go.
                for action in try AbandonedRuns.clean(out, catalog: catalog, originals: original.object.id.map { [$0] } ?? []) {
                    ExitStatus.report(action.description)
                }
                let report = try runner.run(validated, on: original.object, from: original.path, maskFile: mask)
                progress.clear()
                processed.append(.processed(reference, originalID: original.object.id, report))
                if !json {
                    Console.print("\(reference) (original \(original.object.id ?? 0))")
                    Console.print(Self.describe(report))
                }
                outcome.done += 1
            } catch {
                progress.clear()
                ExitStatus.report("\(reference): \(error.description)")
                if case .catalog = error { throw ExitStatus.ioError }
                outcome.failed += 1
                processed.append(.unprocessed(reference, originalID: original.object.id, outcome: "failed",
                                              error: error.description))
            }
        }
        if json {
            try JSONOutput.print(processed)
        } else if references.count > 1 {
            Console.print("\(validated.name): \(outcome.done) processed, \(outcome.failed) failed, \(outcome.missing) not found")
        }
        if outcome.failed > 0 { throw ExitStatus.dataError }
        if outcome.missing > 0 { throw ExitStatus.notFound }
    }

    /// The steps, the files written and the disclosure of one run.
    static func describe(_ report: RunReport) -> String {
        var lines = report.steps.map { step in
            "  " + step.stage.padding(toLength: 14, withPad: " ", startingAt: 0)
                + step.method.algorithm.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%7.2f%% changed  %.2f s", step.fractionChanged * 100, step.duration.seconds)
        }
        lines.append("  derivative \(report.derivativePath)")
        lines.append("  provenance \(report.sidecarPath)")
        lines += report.maskPaths.map { "  mask       \($0)" }
        lines.append("  run \(report.runID): " + (report.aiAltered ? "AI-altered" : "not AI-altered")
                     + (report.digitalSourceType.map { " (\($0.rawValue))" } ?? ""))
        if report.review.state == .proposed { lines.append("  needs review: \(report.review.reason)") }
        return lines.joined(separator: "\n")
    }

    /// The original `reference` names and a path where its bytes are; a path not yet recorded is ingested first.
    private static func locate(_ reference: String, in catalog: Catalog) throws -> (StoredObject, String) {
        var object: StoredObject
        do {
            object = try catalog.resolve(reference)
        } catch CatalogError.notFound where FileManager.default.fileExists(atPath: reference) {
            _ = try IngestService(catalog: catalog).ingestFile(at: URL(fileURLWithPath: reference).standardizedFileURL.path)
            object = try catalog.resolve(reference)
        }
        guard object.kind == .original, object.status == .accepted, let id = object.id else {
            throw CatalogError.notFound(reference: "\(reference) (an accepted original)")
        }
        let paths = try catalog.heldPaths(of: id)
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw CatalogError.notFound(reference: "\(reference): no recorded path holds the file any more")
        }
        return (object, path)
    }
}
