import ArgumentParser
import Catalog
import Foundation
import Ingest
import Pipeline
import Restoration

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Run a pipeline on one original: derivative, masks, provenance sidecar, catalog records.",
        discussion: """
            The original is named by catalog id, SHA-256 or path; a path not yet in the catalog is ingested \
            first. The pipeline is a name from the pipelines folder (classical → Pipelines/classical.yaml) or a \
            YAML file. Outputs go to DERIVATIVES/<original id>/<run>/: the derivative (with an embedded XMP \
            disclosure), the masks, and provenance.json; they appear together or not at all.

            Exits 0 on success, 65 when the run failed (the original changed, a stage refused it), 66 when the \
            original is not found, 74 on catalog errors, 78 when the pipeline file is invalid or a model is missing.
            """)

    @OptionGroup var options: CatalogOptions

    @Argument(help: ArgumentHelp("A catalog id, a SHA-256 (or 8+ hex digits of one), or a path.", valueName: "id|path"))
    var reference: String

    @Option(help: ArgumentHelp("A pipeline name or a pipeline YAML file.", valueName: "name|file"))
    var pipeline: String

    @Option(help: ArgumentHelp("Where derivatives are written.", valueName: "dir"))
    var derivatives = "derivatives"

    @OptionGroup var library: LibraryOptions

    @Option(help: ArgumentHelp("Tile size for model stages (memory for inference is bounded by it).", valueName: "pixels"))
    var tile = 512

    func run() throws {
        let store = library.modelStore
        let validated = try PipelinesCommand.read(pipeline, with: library.pipelineReader)
        let catalog = try options.open()
        let (original, path) = try ExitStatus.guarding { () throws -> (StoredObject, String) in
            try locate(in: catalog)
        }
        var runner = PipelineRunner(catalog: catalog, models: store, derivatives: derivatives,
                                    software: SoftwareAgent.conservator)
        runner.tileSize = tile
        do {
            let report = try runner.run(validated, on: original, from: path)
            for step in report.steps {
                let seconds = Double(step.duration.components.seconds) + Double(step.duration.components.attoseconds) / 1e18
                print("  " + step.stage.padding(toLength: 14, withPad: " ", startingAt: 0)
                      + step.method.algorithm.padding(toLength: 24, withPad: " ", startingAt: 0)
                      + String(format: "%7.2f%% changed  %.2f s", step.fractionChanged * 100, seconds))
            }
            print("derivative \(report.derivativePath)")
            print("provenance \(report.sidecarPath)")
            for mask in report.maskPaths { print("mask       \(mask)") }
            print("run \(report.runID): " + (report.aiAltered ? "AI-altered" : "not AI-altered")
                  + (report.digitalSourceType.map { " (\($0.rawValue))" } ?? ""))
        } catch {
            ExitStatus.report(error.description)
            if case .catalog = error { throw ExitStatus.catalogFailure }
            throw ExitStatus.dataError
        }
    }

    /// The original and a path where its bytes are; a path not yet recorded is ingested first.
    private func locate(in catalog: Catalog) throws -> (StoredObject, String) {
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
