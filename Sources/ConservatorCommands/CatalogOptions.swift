import ArgumentParser
import Catalog
import Foundation

/// `--catalog PATH`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog database (init, ingest, process, watch, serve and users add create it when missing).",
                                            valueName: "path"))
    var catalog: String = "conservator.db"

    /// Opens the catalog, applying any migrations it lacks. Only a command that records creates a missing one:
    /// for a command that only reads, a missing catalog is a mistyped path, and creating an empty catalog there
    /// would answer "nothing" instead of saying so (exit 66).
    func open(creatingIfMissing create: Bool = false) throws -> Catalog {
        guard create || FileManager.default.fileExists(atPath: catalog) else {
            ExitStatus.report("no catalog at \(catalog) (`conservator init --catalog \(catalog)` creates one)")
            throw ExitStatus.notFound
        }
        return try ExitStatus.guarding {
            try Catalog(path: catalog, migrations: try MigrationSet.locate())
        }
    }
}
