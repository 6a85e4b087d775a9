import ArgumentParser
import Catalog

/// `--catalog PATH`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog database (created when missing).", valueName: "path"))
    var catalog: String = "conservator.db"

    /// Opens the catalog, applying any migrations it lacks.
    func open() throws -> Catalog {
        try ExitStatus.guarding {
            try Catalog(path: catalog, migrations: try MigrationSet.locate())
        }
    }
}
