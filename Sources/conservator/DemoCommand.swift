import ArgumentParser
import Catalog
import Foundation
import Ingest

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the embedded demo collection and ingest it into a fresh demo catalog.",
        discussion: """
            Writes DIRECTORY/ingest/ (sample scans, a duplicate, a truncated transfer, a mislabelled file) and \
            DIRECTORY/catalog.db, then ingests the folder as `conservator ingest` would. A DIRECTORY left by an \
            earlier demo run is replaced; any other non-empty folder is refused.
            """)

    @Option(help: ArgumentHelp("Where to build the demo.", valueName: "directory"))
    var directory: String = "demo"

    private static let marker = ".conservator-demo"

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        try prepare(root)
        let ingestFolder = root.appendingPathComponent("ingest")
        try FileManager.default.createDirectory(at: ingestFolder, withIntermediateDirectories: true)
        let names = try DemoCollection.write(into: ingestFolder)
        print("demo collection: \(names.count) files in \(ingestFolder.path)")

        let catalogPath = root.appendingPathComponent("catalog.db").path
        let catalog = try ExitStatus.guarding { try Catalog(path: catalogPath, migrations: try MigrationSet.locate()) }
        let summary = try ExitStatus.guarding {
            try IngestService(catalog: catalog).ingest(IngestCandidates(paths: [ingestFolder.path], recursive: true))
        }
        for outcome in summary.outcomes {
            switch outcome {
            case let .ingested(id, path): print("  ingested    #\(id)  \(path)")
            case let .duplicate(id, path): print("  duplicate   #\(id)  \(path)")
            case let .quarantined(id, path, reason): print("  quarantined #\(id)  \(path): \(reason)")
            }
        }
        print("""
            ingested \(summary.ingested), duplicates \(summary.duplicates), quarantined \(summary.quarantined)
            catalog: \(catalogPath)
            look around:
              conservator query --catalog \(catalogPath)
              conservator query --catalog \(catalogPath) --quarantined
              conservator show --catalog \(catalogPath) 1
              conservator verify --catalog \(catalogPath)
            """)
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
