import Catalog
import Disclosure
import Fixity
import Foundation
import ImageSource
import Metadata
import Raster

/// A small collection with known contents, recorded the way ingest and the pipeline runner record: real
/// image files (originals, derivatives, masks, sidecars) in a temporary folder and a catalog that names them.
///
/// | key           | original               | run                          | steps (method, model)                                  |
/// |---------------|------------------------|------------------------------|--------------------------------------------------------|
/// | `repaired`    | `a/scan1.tif`          | archival-repair@1, AI, access copy | detect-damage (damage-unet@1, mask), inpaint (inpaint-unet@1, 3%), restore-color (color-restore@1, 60%) |
/// | `classical`   | `a/scan2.tif`          | classical@1                  | restore-color (gray-world, 40%), sharpen (unsharp-mask, 20%) |
/// | `colorized`   | `b/scan3.png`          | colorize@2, AI               | colorize (colorize@1, 90%)                             |
/// | `old-model`   | `b/scan4.jpg`          | color-only@1, AI             | restore-color (color-restore@0, 30%)                   |
/// | `untouched`   | `c/scan5.tif`          | none                         |                                                        |
/// | `quarantined` | `c/bad.tif`            | none (quarantined)           |                                                        |
public struct SampleCollection: Sendable {
    /// The folder holding the collection (`a/`, `b/`, `c/`, `runs/`) and `catalog.db`.
    public let directory: URL
    public let catalog: Catalog
    /// Object ids by the keys of the table above.
    public let ids: [String: Int64]
    /// Derivative object ids by the same keys (only for originals with a run).
    public let derivatives: [String: Int64]

    /// The software agent the sample runs name.
    public static let software = Agent(type: .software, name: "conservator", version: "0.1.0", identifier: "abc1234")

    /// Builds the collection in a fresh temporary folder; the caller removes ``directory``.
    public static func make() throws -> SampleCollection {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sample-collection-\(UUID().uuidString)")
        for folder in ["a", "b", "c", "runs"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations")
        let catalog = try Catalog(path: directory.appendingPathComponent("catalog.db").path,
                                  migrations: try MigrationSet(directory: migrations))
        var builder = Builder(directory: directory, catalog: catalog)
        try builder.original("repaired", "a/scan1.tif", seed: 1)
        try builder.original("classical", "a/scan2.tif", seed: 2)
        try builder.original("colorized", "b/scan3.png", seed: 3)
        try builder.original("old-model", "b/scan4.jpg", seed: 4)
        try builder.original("untouched", "c/scan5.tif", seed: 5)
        try builder.quarantined("quarantined", "c/bad.tif")

        try builder.run("repaired", pipeline: ("archival-repair", "1"), disclosure: "compositeWithTrainedAlgorithmicMedia",
                        accessCopy: true, steps: [
            .init(stage: "detect-damage", method: "trained-model", algorithm: "damage-unet@1", fraction: 0, mask: true,
                  disclosure: "algorithmicallyEnhanced", altersPixels: false),
            .init(stage: "inpaint", method: "trained-model", algorithm: "inpaint-unet@1", fraction: 0.03, mask: false,
                  disclosure: "compositeWithTrainedAlgorithmicMedia", altersPixels: true, invents: .imageContent),
            .init(stage: "restore-color", method: "trained-model", algorithm: "color-restore@1", fraction: 0.6, mask: false,
                  disclosure: "algorithmicallyEnhanced", altersPixels: true),
        ])
        try builder.run("classical", pipeline: ("classical", "1"), disclosure: "algorithmicallyEnhanced", steps: [
            .init(stage: "restore-color", method: "classical", algorithm: "gray-world", fraction: 0.4, mask: false,
                  disclosure: "algorithmicallyEnhanced", altersPixels: true),
            .init(stage: "sharpen", method: "classical", algorithm: "unsharp-mask", fraction: 0.2, mask: false,
                  disclosure: "algorithmicallyEnhanced", altersPixels: true),
        ])
        try builder.run("colorized", pipeline: ("colorize", "2"), disclosure: "compositeWithTrainedAlgorithmicMedia", steps: [
            .init(stage: "colorize", method: "trained-model", algorithm: "colorize@1", fraction: 0.9, mask: false,
                  disclosure: "compositeWithTrainedAlgorithmicMedia", altersPixels: true, invents: .colors),
        ])
        try builder.run("old-model", pipeline: ("color-only", "1"), disclosure: "algorithmicallyEnhanced", steps: [
            .init(stage: "restore-color", method: "trained-model", algorithm: "color-restore@0", fraction: 0.3, mask: false,
                  disclosure: "algorithmicallyEnhanced", altersPixels: true),
        ])
        return SampleCollection(directory: directory, catalog: catalog, ids: builder.ids, derivatives: builder.derivatives)
    }

    /// The path of a file of the collection, relative to ``directory``.
    public func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }
}

/// One step of a sample run.
struct SampleStep {
    var stage: String
    var method: String
    var algorithm: String
    var fraction: Double
    var mask: Bool
    var disclosure: String
    var altersPixels: Bool
    var invents: InventedContent? = nil
}

/// Writes the files and records them.
private struct Builder {
    let directory: URL
    let catalog: Catalog
    var ids: [String: Int64] = [:]
    var derivatives: [String: Int64] = [:]
    static let ingestAgent = Agent(type: .software, name: "conservator", version: "0.1.0")

    mutating func original(_ key: String, _ relative: String, seed: Int) throws {
        let format = relative.hasSuffix(".png") ? "png" : relative.hasSuffix(".jpg") ? "jpeg" : "tiff"
        let image = Self.picture(width: 48, height: 32, seed: seed)
        let bytes = try ImageEncoder.encode(image, as: Self.options(format))
        let path = directory.appendingPathComponent(relative).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let object = StoredObject(status: .accepted, sha256: Self.sha256(bytes), size: Int64(bytes.count), format: format,
                                  mediaType: "image/\(format)", width: 48, height: 32, channels: 3, bitDepth: 8,
                                  colorModel: "rgb", compression: format == "tiff" ? "none" : format, pageCount: 1,
                                  pronomPuid: Self.puid(bytes))
        let new = NewObject(object: object, path: path,
                            metadata: [.init(group: "IFD0", tagID: 0x010F, name: "Make", value: "Sample \(seed)")],
                            events: [NewEvent(.ingestion, .success, "received at \(path)"),
                                     NewEvent(.messageDigestCalculation, .success, "SHA-256 \(Self.sha256(bytes))"),
                                     NewEvent(.validation, .success, "decoded completely")])
        guard case .inserted(let id) = try catalog.record(new, by: Self.ingestAgent) else { throw SampleError.notInserted(key) }
        ids[key] = id
    }

    mutating func quarantined(_ key: String, _ relative: String) throws {
        let bytes = Array("not an image".utf8)
        let path = directory.appendingPathComponent(relative).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let object = StoredObject(status: .quarantined, sha256: Self.sha256(bytes), size: Int64(bytes.count),
                                  quarantineReason: "not a TIFF, PNG or JPEG file (starts with 'not an i')")
        let new = NewObject(object: object, path: path, events: [NewEvent(.quarantine, .failure, "not an image")])
        guard case .inserted(let id) = try catalog.record(new, by: Self.ingestAgent) else { throw SampleError.notInserted(key) }
        ids[key] = id
    }

    /// Records a run; with `accessCopy`, a JPEG access copy is written beside the derivative and named in the
    /// sidecar, as the pipeline runner does (the catalog keeps no object for it).
    mutating func run(_ key: String, pipeline: (name: String, version: String), disclosure: String,
                      accessCopy: Bool = false, steps: [SampleStep]) throws {
        guard let source = ids[key] else { throw SampleError.notInserted(key) }
        let folder = directory.appendingPathComponent("runs/\(source)-\(pipeline.name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let derivative = try write(Self.picture(width: 48, height: 32, seed: Int(source) + 100), .tiff(compression: .none),
                                   "\(source)-\(pipeline.name).tif", in: folder, kind: .derivative, source: source)
        var newSteps: [NewRun.NewStep] = []
        for (position, step) in steps.enumerated() {
            let mask = step.mask
                ? try write(Self.mask(width: 48, height: 32), .png, "mask-\(position)-\(step.stage).png", in: folder,
                            kind: .mask, source: source)
                : nil
            let model = step.method == "trained-model"
                ? NameAndVersion(parsing: step.algorithm).map { Agent(type: .model, name: $0.name, version: $0.version ?? "",
                                                                      identifier: Self.sha256(Array(step.algorithm.utf8))) }
                : nil
            newSteps.append(NewRun.NewStep(
                stage: step.stage, stageVersion: "1", method: step.method, algorithm: step.algorithm, model: model,
                parametersJSON: #"{"strength":1}"#, fractionChanged: step.fraction, mask: mask, durationSeconds: 0.25,
                digitalSourceType: step.disclosure, altersPixels: step.altersPixels, finishedAt: Timestamp.now()))
            newSteps[position].invents = step.invents
        }
        var sidecar = Array(#"{"sample":true}"#.utf8)
        if accessCopy {
            let name = "\(source)-\(pipeline.name)-access.jpg"
            let bytes = try ImageEncoder.encode(Self.picture(width: 48, height: 32, seed: Int(source) + 100), as: .jpeg(quality: 90))
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            sidecar = Array(#"{"sample":true,"accessCopy":{"file":"\#(name)","sha256":"\#(Self.sha256(bytes))"}}"#.utf8)
        }
        try Data(sidecar).write(to: folder.appendingPathComponent("provenance.json"))
        let recorded = try catalog.recordRun(NewRun(
            sourceObjectID: source,
            pipeline: Agent(type: .pipeline, name: pipeline.name, version: pipeline.version,
                            identifier: Self.sha256(Array("\(pipeline.name)@\(pipeline.version)".utf8))),
            software: SampleCollection.software, derivative: derivative, steps: newSteps,
            sidecarPath: folder.appendingPathComponent("provenance.json").path, sidecarSHA256: Self.sha256(sidecar),
            digitalSourceType: disclosure, aiAltered: steps.contains { $0.method == "trained-model" },
            startedAt: Timestamp.now(), endedAt: Timestamp.now()))
        derivatives[key] = recorded.derivativeID
    }

    private func write(_ image: RasterImage, _ options: EncodeOptions, _ name: String, in folder: URL,
                       kind: StoredObject.Kind, source: Int64) throws -> NewRun.Output {
        let bytes = try ImageEncoder.encode(image, as: options)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let format = options.format == .png ? "png" : "tiff"
        return NewRun.Output(object: StoredObject(kind: kind, status: .accepted, sha256: Self.sha256(bytes),
                                                  size: Int64(bytes.count), format: format, mediaType: "image/\(format)",
                                                  width: image.width, height: image.height, channels: image.channels,
                                                  bitDepth: 8, sourceObjectId: source, pronomPuid: Self.puid(bytes)),
                             path: path)
    }

    static func options(_ format: String) -> EncodeOptions {
        switch format {
        case "png": .png
        case "jpeg": .jpeg(quality: 90)
        default: .tiff(compression: .none)
        }
    }

    /// Distinct smooth colors per seed, so thumbnails differ.
    static func picture(width: Int, height: Int, seed: Int) -> RasterImage {
        var samples: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                samples += [UInt8((x * 5 + seed * 40) % 256), UInt8((y * 7 + seed * 90) % 256), UInt8((seed * 60) % 256)]
            }
        }
        return RasterImage(width: width, height: height, channels: 3, bitDepth: 8, samples: .uint8(samples))
    }

    /// A gray mask with a damaged stripe.
    static func mask(width: Int, height: Int) -> RasterImage {
        let samples = (0..<(width * height)).map { ($0 % width) / 4 == 5 ? UInt8(255) : 0 }
        return RasterImage(width: width, height: height, channels: 1, bitDepth: 8, samples: .uint8(samples))
    }

    static func sha256(_ bytes: [UInt8]) -> String { ContentHash.sha256(bytes) }

    /// The PRONOM identifier ingest and the pipeline record for `bytes`.
    static func puid(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer in
            ImageFormat.sniff(buffer.prefix(ImageFormat.signatureLength)).flatMap { format in
                PRONOMFormat.puid(of: buffer, format: format, metadata: try? MetadataReader.read(buffer, format: format))
            }
        }
    }
}

enum SampleError: Error {
    case notInserted(String)
}
