import ArgumentParser
import Inference
import Installation

/// The `conservator` command: a thin layer that parses, calls the services, and prints. The executable
/// target only calls ``main()``.
public struct Conservator: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "conservator",
        abstract: "Archival photo restoration with full provenance.",
        discussion: """
            Records scanned originals immutably (SHA-256, every EXIF/TIFF/XMP/PNG tag, PREMIS events) in a \
            SQLite catalog, quarantines files that fail validation, audits fixity, watches ingest folders, \
            runs restoration pipelines with full provenance, and runs ONNX models on its own CPU core.

            EXIT STATUS
              0   success
              1   done, with findings: a file was quarantined (ingest), a file
                  is missing or changed (verify), a model fails (models verify)
              64  usage error (bad option or argument)
              65  process: a run failed (the original changed, a stage refused
                  it); export: a file changed since it was recorded or cannot
                  be read (nothing is exported)
              66  not found: a path given to ingest, an object given to show,
                  history or process; no derivative matches export's filters;
                  no catalog at --catalog for a command that only reads it
              69  watch: an ingest folder cannot be watched, or a folder it
                  writes to cannot be created; serve: the address cannot
                  be bound
              73  export: the --out folder exists already (nothing is written)
              74  the catalog could not be opened, migrated or written; watch:
                  the catalog was deleted or replaced while it ran, or does not
                  record files already in an archive or quarantine folder
              78  watch, process, pipelines: the configuration or pipeline file
                  is invalid, or a model is missing
            """,
        version: Software.version,
        subcommands: [InitCommand.self, IngestCommand.self, ShowCommand.self, QueryCommand.self, HistoryCommand.self,
                      ExportCommand.self,
                      VerifyCommand.self, WatchCommand.self, WorkCommand.self, StatusCommand.self, ProcessCommand.self,
                      PipelinesCommand.self, ModelsCommand.self, InferCommand.self, DemoCommand.self,
                      ServeCommand.self, UsersCommand.self]
    )

    public init() {}

    public static func main() {
        // OpenBLAS's workers spin for a while after it loads; most commands run no inference, and the
        // ones that do get the workers back at their first matrix product.
        BLASThreads.stopIdleWorkers()
        main(nil)
    }
}
