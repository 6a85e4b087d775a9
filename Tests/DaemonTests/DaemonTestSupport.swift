import Catalog
import Daemon
import Foundation
import Logging
import Raster

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let repositoryMigrations = repositoryRoot.appendingPathComponent("Migrations")
/// The shipped pipelines (`classical` needs no model).
let repositoryPipelines = repositoryRoot.appendingPathComponent("Pipelines")

/// A temporary installation: ingest, archive and quarantine folders, a catalog, and helpers that write
/// real image files.
final class Installation {
    let root: URL
    var ingest: String { root.appendingPathComponent("ingest").path }
    var archive: String { root.appendingPathComponent("archive").path }
    var quarantine: String { root.appendingPathComponent("quarantine").path }
    var catalogPath: String { root.appendingPathComponent("state/catalog.db").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-daemon-\(UUID().uuidString)")
        for folder in ["ingest", "state"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A configuration for this installation; `extra` is appended to the folder entry.
    func configuration(folder extra: String = "", quarantinePolicy: String = "leave", stability: Double = 0,
                       settings: String = "") throws -> DaemonConfiguration {
        let quarantineLine = quarantinePolicy == "move"
            ? "quarantine: { policy: move, folder: \(quarantine) }" : "quarantine: { policy: leave }"
        return try DaemonConfiguration(yaml: """
            catalog: \(catalogPath)
            derivatives: \(root.appendingPathComponent("derivatives").path)
            workers: 2
            stability-seconds: \(stability)
            \(quarantineLine)
            pipelines: \(repositoryPipelines.path)
            models: \(root.appendingPathComponent("models").path)
            \(settings)
            folders:
              - { path: \(ingest)\(extra.isEmpty ? "" : ", " + extra) }
            """, file: root.appendingPathComponent("conservator.yaml").path)
    }

    func catalog() throws -> Catalog {
        try Catalog(path: catalogPath, migrations: try MigrationSet(directory: repositoryMigrations))
    }

    func service(_ configuration: DaemonConfiguration) throws -> WatchService {
        WatchService(configuration: configuration, catalog: try catalog(), logger: Logger(label: "test"))
    }

    /// Writes a small distinct PNG into the ingest folder (or a sub-folder) and returns its path.
    @discardableResult
    func scan(_ name: String, seed: Int = 0) throws -> String {
        let url = URL(fileURLWithPath: ingest).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let samples = (0..<(24 * 16 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed &* 131) }
        let image = RasterImage(width: 24, height: 16, channels: 3, bitDepth: 8, samples: .uint8(samples))
        try ImageEncoder.write(image, to: url.path, as: .png)
        return url.path
    }

    /// Writes bytes into the ingest folder and returns the path.
    @discardableResult
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = URL(fileURLWithPath: ingest).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Names of the files in `folder`, sorted.
    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
