import Catalog
import Foundation

/// The repository's Migrations/ folder, found from this file's location (tests run from any directory).
let repositoryMigrations = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Migrations")

/// A fresh temporary directory, removed by the caller with `defer`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A new catalog in a temporary directory.
func makeCatalog(in directory: URL) throws -> Catalog {
    try Catalog(path: directory.appendingPathComponent("catalog.db").path,
                migrations: try MigrationSet(directory: repositoryMigrations))
}

let testAgent = Agent(type: .software, name: "CatalogTests", version: "1")

/// A plausible accepted original with two tags and the four ingest events.
func newOriginal(sha256: String, path: String, format: String = "tiff", make: String = "Nikon") -> NewObject {
    NewObject(
        object: StoredObject(status: .accepted, sha256: sha256, size: 1234, format: format, mediaType: "image/\(format)",
                             width: 10, height: 20, channels: 3, bitDepth: 8, colorModel: "rgb", compression: "none",
                             pageCount: 1),
        path: path,
        metadata: [.init(group: "IFD0", tagID: 0x010F, name: "Make", value: make),
                   .init(group: "ExifIFD", tagID: 0x8827, name: "ISO", value: "400")],
        events: [NewEvent(.ingestion, .success, "received"), NewEvent(.messageDigestCalculation, .success, "sha"),
                 NewEvent(.validation, .success, "ok"), NewEvent(.metadataExtraction, .success, "2 tags")])
}

func sha(_ digit: Character) -> String { String(repeating: digit, count: 64) }
