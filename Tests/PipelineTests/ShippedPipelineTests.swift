import Foundation
import Pipeline
import Raster
import Restoration
import Testing

/// The shipped model pipelines, with the fixture models standing in under the names and versions of the
/// models in `Models/` (cards rewritten with those): proves the pipeline files and the shipped models agree,
/// at the speed of the tiny fixtures.
@Suite struct ShippedPipelineTests {
    /// The version of the model `name` that `Models/` ships, as the model store reads its card.
    static func shippedVersion(_ name: String) throws -> String {
        let shipped = ModelStore(directory: ValidationTests.repository.appendingPathComponent("Models").path)
        return try #require(shipped.cards().last { $0.name == name }).version
    }

    static func standIns() throws -> ModelStore {
        let folder = NSTemporaryDirectory() + "stand-ins-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fixtures = ValidationTests.fixtureModels.directory
        for (fixture, name) in [("test-detector", "damage-unet"), ("test-inpainter", "inpaint-unet"),
                                ("test-color", "color-restore"), ("test-colorizer", "colorize")] {
            let stem = "\(name)@\(try shippedVersion(name))"
            try FileManager.default.copyItem(atPath: "\(fixtures)/\(fixture)@1.onnx", toPath: "\(folder)/\(stem).onnx")
            let card = try String(contentsOfFile: "\(fixtures)/\(fixture)@1.card.yaml", encoding: .utf8)
                .replacingOccurrences(of: "\(fixture)@1", with: stem)
                .replacingOccurrences(of: fixture, with: name)
                .replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: \(try shippedVersion(name))\n")
            try card.write(toFile: "\(folder)/\(stem).card.yaml", atomically: true, encoding: .utf8)
        }
        return ModelStore(directory: folder)
    }

    static func reader(_ models: ModelStore) -> PipelineReader {
        PipelineReader(models: models, library: ValidationTests.repository.appendingPathComponent("Pipelines").path)
    }

    @Test(arguments: ["archival-repair", "colorize", "color-only", "repair-marked"])
    func validatesOnceItsModelsExist(name: String) throws {
        let pipeline = try Self.reader(try Self.standIns()).read(name)
        #expect(pipeline.name == name && pipeline.usesTrainedModels)
    }

    @Test func archivalRepairRunsEndToEnd() throws {
        var samples = [UInt16](repeating: 50000, count: 64 * 48 * 3)
        for y in 20..<26 { for x in 30..<36 { for c in 0..<3 { samples[(y * 64 + x) * 3 + c] = 1000 } } }
        for i in stride(from: 2, to: samples.count, by: 3) { samples[i] = samples[i] / 2 }  // a yellow cast
        let fixture = try RunFixture(RasterImage(width: 64, height: 48, channels: 3, bitDepth: 16,
                                                 samples: .uint16(samples),
                                                 iccProfile: RunFixture.iccProfile(space: "RGB ")))
        let models = try Self.standIns()
        let pipeline = try Self.reader(models).read("archival-repair")
        var runner = fixture.runner(models: models)
        runner.tileSize = 16
        let report = try runner.run(pipeline, on: fixture.original, from: fixture.originalPath)
        #expect(report.steps.map(\.stage) == ["detect-damage", "inpaint", "restore-color"])
        #expect(report.aiAltered && report.maskPaths.count == 2 && report.accessCopyPath != nil)
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        #expect(derivative.bitDepth == 16 && derivative.iccProfile == RunFixture.iccProfile(space: "RGB "))
        let steps = try fixture.catalog.steps(ofRun: report.runID)
        let shipped = try ["damage-unet", "inpaint-unet", "color-restore"].map { "\($0)@\(try Self.shippedVersion($0))" }
        #expect(steps.map(\.algorithm) == shipped)
        let sidecar = try JSONDecoder().decode(ProvenanceSidecar.self,
                                               from: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath)))
        #expect(sidecar.steps.compactMap(\.model?.name) == ["damage-unet", "inpaint-unet", "color-restore"])
        #expect(sidecar.masks.map(\.file) == ["mask-0-detect-damage.png", "mask-1-inpaint.png"])
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect((xmp["XMP-xmpMM:HistorySoftwareAgent"] as? [String]).map { zip($0, shipped).allSatisfy { $0.contains($1) } } == true)
    }
}
