import Catalog
import Foundation
import Ingest
import Raster

let repositoryMigrations = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Migrations")

/// A temporary folder with a catalog in it, and helpers that write real image files into it.
final class Workspace {
    let root: URL
    let inbox: URL
    let catalog: Catalog

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-ingest-\(UUID().uuidString)")
        inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        catalog = try Catalog(path: root.appendingPathComponent("catalog.db").path,
                              migrations: try MigrationSet(directory: repositoryMigrations))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var service: IngestService { IngestService(catalog: catalog) }

    /// Writes a small gradient image and returns its path.
    @discardableResult
    func image(_ name: String, _ options: EncodeOptions, width: Int = 48, height: Int = 32, channels: Int = 3,
               bitDepth: Int = 8, seed: Int = 0) throws -> String {
        let count = width * height * channels
        let samples: SampleStorage = bitDepth == 16
            ? .uint16((0..<count).map { UInt16(truncatingIfNeeded: ($0 &* 2654435761 &+ seed) >> 7) })
            : .uint8((0..<count).map { UInt8(truncatingIfNeeded: ($0 * 7 + $0 / width + seed)) })
        let image = RasterImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples)
        let path = inbox.appendingPathComponent(name).path
        try ImageEncoder.write(image, to: path, as: options)
        return path
    }

    /// Writes raw bytes and returns the path.
    @discardableResult
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = inbox.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Ingests `paths` and returns the one outcome per file.
    func ingest(_ paths: [String], recursive: Bool = false) throws -> IngestSummary {
        try service.ingest(IngestCandidates(paths: paths, recursive: recursive))
    }
}
