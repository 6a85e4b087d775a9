import ArgumentParser
import Catalog
import Daemon
import Foundation
import Ingest
import Installation
import Logging
import Web

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daemon over the embedded demo collection and restore what it records.",
        discussion: """
            Writes DIRECTORY/ingest/ (sample scans, a duplicate, a truncated transfer, a mislabelled file) and \
            DIRECTORY/conservator.yaml, and runs the daemon over the folder once (`conservator watch --once`): \
            it records the originals, quarantines bad files into DIRECTORY/quarantine, and runs the folder's \
            pipeline (`classical`) on every original, writing derivatives and provenance sidecars under \
            DIRECTORY/derivatives. The catalog is DIRECTORY/catalog.db. A DIRECTORY left by an earlier demo run is replaced; any other \
            non-empty folder is refused.

            The demo folder's own pipeline is classical (no AI step). The commands it prints at the end run the \
            shipped trained pipelines on its scans (color-only, archival-repair, colorize) and show how to find \
            and export what they altered; they name this binary by its full path, since `make demo` does not put \
            it on PATH.

            It also adds the user `demo` (role admin, a fresh random password, printed at the end) and prints             how to start the web interface on the demo catalog and sign in.
            """)

    @Option(help: ArgumentHelp("Where to build the demo.", valueName: "directory"))
    var directory: String = "demo"

    @Option(help: ArgumentHelp("The pipeline the demo folder runs on each original.", valueName: "name"))
    var pipeline = "classical"

    private static let marker = ".conservator-demo"

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        try prepare(root)
        let ingestFolder = root.appendingPathComponent("ingest")
        try FileManager.default.createDirectory(at: ingestFolder, withIntermediateDirectories: true)
        let names: [String]
        do {
            names = try DemoCollection.write(into: ingestFolder)
        } catch let error as DemoError {
            ExitStatus.report(error.description)
            throw ExitStatus.unavailable
        }
        Console.print("demo collection: \(names.count) files in \(ingestFolder.path)")

        let configPath = root.appendingPathComponent("conservator.yaml").path
        try Data("""
            # Written by `conservator demo`. Run the daemon on it: conservator watch --config \(configPath)
            catalog: catalog.db
            derivatives: derivatives
            quarantine: { policy: move, folder: quarantine }
            stability-seconds: 0
            pipelines: \(InstalledFolder.pipelines(nil))
            models: \(InstalledFolder.models(nil))
            folders:
              - { path: ingest, recursive: true, pipeline: \(pipeline) }
            """.utf8).write(to: URL(fileURLWithPath: configPath))
        let configuration = try WatchCommand.load(configPath)
        try configuration.prepareFolders()
        let catalog = try ExitStatus.guarding {
            try Catalog(path: configuration.catalog, migrations: try MigrationSet.locate())
        }
        Console.print("daemon: conservator watch --once --config \(configPath)")
        var logger = Logger(label: "conservator.demo") { StreamLogHandler.standardOutput(label: $0) }
        logger.logLevel = .info
        _ = try WatchService(configuration: configuration, catalog: catalog, logger: logger)
            .run(once: true, control: DaemonControl())

        let originals = try catalog.originals(matching: OriginalQuery(status: .accepted))
        Console.print("pipeline \(pipeline) on \(originals.count) originals:")
        for original in originals {
            guard let id = original.object.id else { continue }
            for run in try catalog.runs(ofSource: id) {
                Console.print("  #\(id) \(((original.paths.first ?? "") as NSString).lastPathComponent) → \(run.derivativePath)")
            }
        }
        let password = Self.demoPassword()
        _ = try ExitStatus.guarding {
            try catalog.addUser(User(name: "demo", role: .admin, passwordHash: try PasswordHash(password: password).stored))
        }
        let status = try catalog.status()
        // `make demo` runs the binary from the build folder: the hints must work without it on PATH.
        let conservator = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        Console.print("""
            recorded \(status.originals) originals, quarantined \(status.quarantined) files (moved to \
            \(root.appendingPathComponent("quarantine").path)), pipeline jobs: \(status.done) done, \(status.failed) failed
            catalog:     \(configuration.catalog)
            derivatives: \(configuration.derivatives) (each run: derivative, masks, provenance.json)
            look around:
              \(conservator) status --config \(configPath)
              \(conservator) query --catalog \(configuration.catalog)
              \(conservator) query --catalog \(configuration.catalog) --quarantined
              \(conservator) history --catalog \(configuration.catalog) 1
              \(conservator) verify --catalog \(configuration.catalog)
            restore a colour print with the trained color-restore model, then find it and export the AI-altered:
              \(conservator) process --catalog \(configuration.catalog) --out \(configuration.derivatives) --pipeline color-only \
            \(ingestFolder.path)/1958-coffee-colour-print.tif
              \(conservator) query --catalog \(configuration.catalog) --ai-altered
              \(conservator) export --catalog \(configuration.catalog) --ai-altered --out \(root.path)-export
            find and fill the scratches and dust on the cabinet card, and restore its colour (trained models):
              \(conservator) process --catalog \(configuration.catalog) --out \(configuration.derivatives) --pipeline archival-repair \
            \(ingestFolder.path)/1890-cat-cabinet-card.png
            repair and colorize the black-and-white glass plate (the colours are a model's guess, disclosed as such):
              \(conservator) process --catalog \(configuration.catalog) --out \(configuration.derivatives) --pipeline colorize \
            \(ingestFolder.path)/1923-glass-plate-photographer.tif
            review what the models made in the web interface (approve, reject, see masks and steps):
              \(conservator) serve --config \(configPath)
              then open http://127.0.0.1:8080/ and sign in as demo, password \(password)
              (more users: \(conservator) users add NAME --role curator --catalog \(configuration.catalog))
            """)
    }

    /// A password for the demo user, different for each demo so a demo left running is not open to all.
    private static func demoPassword() -> String {
        let letters = Array("abcdefghijkmnopqrstuvwxyz23456789")
        return String((0..<16).map { _ in letters.randomElement()! })
    }

    private func prepare(_ root: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: root.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
            guard contents.isEmpty || contents.contains(Self.marker) else {
                throw ValidationError("\(root.path) exists and was not made by `conservator demo`; choose another --directory")
            }
            try fm.removeItem(at: root)
        }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("made by conservator demo; replaced by the next demo run\n".utf8)
            .write(to: root.appendingPathComponent(Self.marker))
    }
}
