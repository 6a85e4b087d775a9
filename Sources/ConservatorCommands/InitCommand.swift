import ArgumentParser
import Ingest

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the catalog, or upgrade it to the current schema.",
        discussion: """
            Safe to run on an existing catalog: only migrations it lacks are applied. Files recorded before the \
            catalog kept PRONOM format identifiers are read again (where their recorded bytes still are) to fill \
            them in.
            """)

    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.open(creatingIfMissing: true)
        let applied = try ExitStatus.guarding { try catalog.appliedMigrations() }
        Console.print("catalog \(catalog.path): schema at \(applied.last ?? "none") (\(applied.count) migrations)")
        let backfill = try ExitStatus.guarding { try PRONOMBackfill.run(on: catalog) }
        if backfill != PRONOMBackfill.Outcome() {
            Console.print("PRONOM identifiers: \(backfill.identified) files identified, \(backfill.unidentifiable) "
                + "in no PRONOM format, \(backfill.unreadable) not found with their recorded bytes (see `conservator verify`)")
        }
    }
}
