import Foundation
import Restoration
import Testing

@Suite struct ModelStoreTests {
    /// A copy of the fixture models in a folder the test may change.
    private func copiedStore() throws -> ModelStore {
        let folder = TestImages.folder()
        for name in try FileManager.default.contentsOfDirectory(atPath: TestImages.models.directory) {
            try FileManager.default.copyItem(atPath: "\(TestImages.models.directory)/\(name)", toPath: "\(folder)/\(name)")
        }
        return ModelStore(directory: folder)
    }

    @Test func loadsAModelWhoseHashMatchesItsCard() throws {
        let model = try TestImages.models.load(ModelReference("test-detector@1")!)
        #expect(model.identity.reference == "test-detector@1")
        #expect(model.identity.sha256 == model.card.sha256)
        #expect(TestImages.models.cards().map(\.name) == ["test-color", "test-colorizer", "test-detector", "test-inpainter"])
    }

    @Test func refusesAModelWhoseBytesChanged() throws {
        let store = try copiedStore()
        let path = "\(store.directory)/test-detector.onnx"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RestorationError.self) { try store.load(ModelReference("test-detector@1")!) }
        guard case .checksumMismatch(let file, let card, let expected, let actual) = error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(file == path && card.hasSuffix("test-detector.card.yaml") && expected != actual)
        #expect(error?.description.contains("the model is refused") == true)
    }

    @Test func missingModelNamesWhatIsAvailable() throws {
        let error = #expect(throws: RestorationError.self) { try TestImages.models.card(for: ModelReference("damage-unet@1")!) }
        #expect(error == .modelNotFound(reference: "damage-unet@1", directory: TestImages.models.directory,
                                        available: ["test-color@1", "test-colorizer@1", "test-detector@1", "test-inpainter@1"]))
        let wrongVersion = #expect(throws: RestorationError.self) { try TestImages.models.card(for: ModelReference("test-detector@2")!) }
        if case .modelNotFound = wrongVersion {} else { Issue.record("a version the card does not have must be missing") }
    }

    @Test func cardWithoutHashIsInvalid() {
        #expect(throws: RestorationError.invalidCard(file: "x.card.yaml", cause:
            "no SHA-256 of the ONNX file ('file: {sha256: ...}', 64 hex digits)")) {
            try ModelCard(yaml: "name: x\nversion: 1\nfile: {onnx: x.onnx}\n", file: "x.card.yaml")
        }
    }

    @Test func everyStageDeclaresStrengthAndDisclosure() {
        for stage in StageRegistry.stages {
            let descriptor = stage.descriptor
            #expect(descriptor.parameter("strength")?.kind == .number(0...1), "\(descriptor.name)")
            #expect(descriptor.disclosure.uri.hasPrefix("http://cv.iptc.org/newscodes/digitalsourcetype/"))
        }
        #expect(Inpainting.descriptor.disclosure == .compositeWithTrainedAlgorithmicMedia)
        #expect(Colorization.descriptor.disclosure == .compositeWithTrainedAlgorithmicMedia)
        #expect(Sharpening.descriptor.disclosure == .algorithmicallyEnhanced)
        #expect(ColorRestoration.descriptor.disclosure == .algorithmicallyEnhanced)
    }
}
