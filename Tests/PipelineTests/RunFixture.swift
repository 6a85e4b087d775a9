import Catalog
import Fixity
import Foundation
import Ingest
@testable import Pipeline
import Raster
import Restoration

/// A catalog, an ingested original and a derivatives folder in a fresh temporary folder.
struct RunFixture {
    let folder: String
    let catalog: Catalog
    let original: StoredObject
    let originalPath: String
    let derivatives: String

    /// Writes `image` as `name` (format from the extension), lets `prepare` change the file (add metadata),
    /// ingests it, and opens everything a run needs.
    init(_ image: RasterImage, name: String = "scan.tif", prepare: (String) throws -> Void = { _ in }) throws {
        folder = NSTemporaryDirectory() + "pipeline-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/ingest", withIntermediateDirectories: true)
        originalPath = "\(folder)/ingest/\(name)"
        let options: EncodeOptions = name.hasSuffix(".png") ? .png : name.hasSuffix(".jpg") ? .jpeg(quality: 95)
            : .tiff(compression: .deflate)
        try ImageEncoder.write(image, to: originalPath, as: options)
        try prepare(originalPath)
        catalog = try Catalog(path: "\(folder)/catalog.db", migrations: try MigrationSet(
            directory: ValidationTests.repository.appendingPathComponent("Migrations")))
        _ = try IngestService(catalog: catalog).ingestFile(at: originalPath)
        original = try catalog.resolve(originalPath)
        derivatives = "\(folder)/derivatives"
    }

    func runner(models: ModelStore = ValidationTests.fixtureModels) -> PipelineRunner {
        PipelineRunner(catalog: catalog, models: models, derivatives: derivatives,
                       software: Agent(type: .software, name: "Conservator", version: "test", identifier: "0123abc"))
    }

    /// `carry`: one sharpen stage, which touches every pixel a little; for tests of what a derivative carries.
    func sharpening(output: String? = nil) throws -> Pipeline {
        try pipeline("name: carry\nversion: 1\nstages:\n  - sharpen: {}\n" + (output.map { "output: \($0)\n" } ?? ""))
    }

    func pipeline(_ yaml: String, models: ModelStore = ValidationTests.fixtureModels) throws -> Pipeline {
        try PipelineReader(models: models).validate(yaml: yaml, file: "\(folder)/p.yaml",
                                                    sha256: String(repeating: "b", count: 64))
    }

    /// Every file under the derivatives folder, hidden ones included, relative to it.
    func derivativeFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: derivatives) else { return [] }
        return (walker.allObjects as? [String] ?? []).sorted()
    }

    /// ExifTool's reading of `path` (`-j -G1 -struct` of every XMP tag), as one JSON object.
    static func exiftool(_ path: String) throws -> [String: Any] {
        try exiftool(["-j", "-G1", "-XMP:all", path])
    }

    /// Runs ExifTool with `arguments` and parses its JSON output (one object, the first file's).
    @discardableResult
    static func exiftool(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        return list?.first ?? [:]
    }

    /// A structurally plausible ICC profile header (libtiff stores profiles without checking them).
    static func iccProfile(space: String) -> [UInt8] {
        var profile = [UInt8](repeating: 0, count: 132)
        profile[3] = 132
        profile.replaceSubrange(16..<20, with: Array(space.utf8))
        profile.replaceSubrange(36..<40, with: Array("acsp".utf8))
        for i in 100..<128 { profile[i] = 0x5A }
        return profile
    }

    /// SHA-256 of a file, for comparing with the catalog.
    static func sha256(of path: String) throws -> String {
        ContentHash.sha256(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
