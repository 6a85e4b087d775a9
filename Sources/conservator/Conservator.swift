import ArgumentParser

/// The `conservator` command: a thin layer that parses, calls the services, and prints.
@main
struct Conservator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conservator",
        abstract: "Archival photo restoration with full provenance.",
        discussion: """
            Records scanned originals immutably (SHA-256, every EXIF/TIFF/XMP/PNG tag, PREMIS events) in a \
            SQLite catalog, quarantines files that fail validation, and audits fixity.

            EXIT STATUS
              0   success
              1   done, with findings: a file was quarantined (ingest), a file is missing or changed (verify)
              64  usage error (bad option or argument)
              66  input not found: a path given to ingest, an object given to show
              69  watch: an ingest folder cannot be watched
              74  the catalog could not be opened, migrated or written
              78  watch: the configuration file is invalid
            """,
        version: "0.1.0",
        subcommands: [InitCommand.self, IngestCommand.self, ShowCommand.self, QueryCommand.self,
                      VerifyCommand.self, WatchCommand.self, StatusCommand.self, DemoCommand.self, InferCommand.self, RestoreCommand.self]
    )
}
