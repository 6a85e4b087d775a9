import ArgumentParser

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the catalog, or upgrade it to the current schema.",
        discussion: "Safe to run on an existing catalog: only migrations it lacks are applied.")

    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.open(creatingIfMissing: true)
        let applied = try ExitStatus.guarding { try catalog.appliedMigrations() }
        Console.print("catalog \(catalog.path): schema at \(applied.last ?? "none") (\(applied.count) migrations)")
    }
}
