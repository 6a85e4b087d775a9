import ArgumentParser
import Ingest

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the catalog, or upgrade it to the current schema.",
        discussion: """
            Safe to run on an existing catalog: only migrations it lacks are applied. Paths that runs recorded \
            relative to the folder `process` ran in (before paths were stored absolute) are made absolute where a \
            file with the recorded SHA-256 is found under the catalog's folder, its parents or the current \
            folder. Files recorded before the catalog kept PRONOM format identifiers are read again (where their \
            recorded bytes still are) to fill them in.
            """)

    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.open(creatingIfMissing: true)
        let applied = try ExitStatus.guarding { try catalog.appliedMigrations() }
        Console.print("catalog \(catalog.path): schema at \(applied.last ?? "none") (\(applied.count) migrations)")
        // paths first: the PRONOM backfill reads the files at them
        let paths = try ExitStatus.guarding { try RelativePathRepair.run(on: catalog) }
        if paths != RelativePathRepair.Outcome() {
            Console.print("relative paths: \(paths.repaired) made absolute, \(paths.notFound) not found with their "
                + "recorded bytes (see `conservator verify`)")
        }
        let backfill = try ExitStatus.guarding { try PRONOMBackfill.run(on: catalog) }
        if backfill != PRONOMBackfill.Outcome() {
            Console.print("PRONOM identifiers: \(backfill.identified) files identified, \(backfill.unidentifiable) "
                + "in no PRONOM format, \(backfill.unreadable) not found with their recorded bytes (see `conservator verify`)")
        }
    }
}
