import Foundation
import Pipeline
import Raster
import Restoration
import Testing

/// The shipped model pipelines, with the fixture models standing in under the names and versions of the
/// models in `Models/` (cards rewritten with those; every version, as the store keeps them side by side):
/// proves the pipeline files and the shipped models agree, at the speed of the tiny fixtures.
@Suite struct ShippedPipelineTests {
    static let shipped = ModelStore(directory: ValidationTests.repository.appendingPathComponent("Models").path)

    static func standIns() throws -> ModelStore {
        let folder = NSTemporaryDirectory() + "stand-ins-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fixtures = ValidationTests.fixtureModels.directory
        let fixtureFor = ["damage-unet": "test-detector", "inpaint-unet": "test-inpainter",
                          "color-restore": "test-color", "colorize": "test-colorizer", "upscale-x2": "test-upscaler"]
        for card in shipped.cards() {
            let fixture = try #require(fixtureFor[card.name], "no stand-in for \(card.name)")
            let stem = "\(card.name)@\(card.version)"
            try FileManager.default.copyItem(atPath: "\(fixtures)/\(fixture)@1.onnx", toPath: "\(folder)/\(stem).onnx")
            let text = try String(contentsOfFile: "\(fixtures)/\(fixture)@1.card.yaml", encoding: .utf8)
                .replacingOccurrences(of: "\(fixture)@1", with: stem)
                .replacingOccurrences(of: fixture, with: card.name)
                .replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: \(card.version)\n")
            try text.write(toFile: "\(folder)/\(stem).card.yaml", atomically: true, encoding: .utf8)
        }
        return ModelStore(directory: folder)
    }

    static func reader(_ models: ModelStore) -> PipelineReader {
        PipelineReader(models: models, library: ValidationTests.repository.appendingPathComponent("Pipelines").path)
    }

    @Test(arguments: ["archival-repair", "colorize", "color-only", "repair-marked", "access-enhance"])
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
        // the versions the pipeline pins, which must be among those shipped
        let pinned = pipeline.stages.compactMap { $0.type.model(for: $0.parameters)?.description }
        let algorithms = ["damage-unet@4", "telea", "color-restore@1"]   // the fill is classical (Telea)
        #expect(steps.map(\.algorithm) == algorithms)
        #expect(pinned == algorithms.filter { $0 != "telea" })
        #expect(pinned.allSatisfy { reference in Self.shipped.cards().contains { "\($0.name)@\($0.version)" == reference } })
        let sidecar = try JSONDecoder().decode(ProvenanceSidecar.self,
                                               from: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath)))
        #expect(sidecar.steps.compactMap(\.model?.name) == ["damage-unet", "color-restore"])
        #expect(sidecar.masks.map(\.file) == ["mask-0-detect-damage.png", "mask-1-inpaint.png"])
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect((xmp["XMP-xmpMM:HistorySoftwareAgent"] as? [String]).map { zip($0, algorithms).allSatisfy { $0.contains($1) } } == true)
    }
}
