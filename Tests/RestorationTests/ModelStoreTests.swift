import Fixity
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
        #expect(TestImages.models.cards().map { "\($0.name)@\($0.version)" }
            == ["test-color@1", "test-colorizer@1", "test-denoiser@1", "test-detector@1", "test-detector@2",
               "test-inpainter@1", "test-inpainter@2", "test-upscaler@1"])
    }

    @Test func refusesAModelWhoseBytesChanged() throws {
        let store = try copiedStore()
        let path = "\(store.directory)/test-detector@1.onnx"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RestorationError.self) { try store.load(ModelReference("test-detector@1")!) }
        guard case .checksumMismatch(let file, let card, let expected, let actual) = error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(file == path && card.hasSuffix("test-detector@1.card.yaml") && expected != actual)
        #expect(error?.description.contains("the model is refused") == true)
    }

    /// A store that keeps models loads each (name, version, hash, precision) once: a second load is the
    /// same network, no file read. A card that changes its hash (a model retrained in place) loads anew,
    /// and the new bytes are checked against it; a store that keeps nothing checks at every load.
    @Test func aKeepingStoreLoadsEachModelOnceAndAChangedCardAnew() throws {
        let plain = try copiedStore()
        let store = ModelStore(directory: plain.directory, keeping: LoadedModels())
        let reference = ModelReference("test-detector@1")!
        let first = try store.load(reference)
        #expect(try store.load(reference).network === first.network)
        #expect(try store.load(reference, precision: .bf16).network !== first.network, "another precision")
        #expect(try plain.load(reference).network !== first.network)

        // Damaged on disk after it was loaded: what runs is what was checked (and its hash is recorded).
        let path = "\(store.directory)/test-detector@1.onnx"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try store.load(reference).identity.sha256 == first.card.sha256)
        #expect(throws: RestorationError.self) { try plain.load(reference) }

        // Retrained in place: new bytes, and a card that claims their hash. Loaded anew, and checked.
        let retrained = try Data(contentsOf: URL(fileURLWithPath: "\(store.directory)/test-detector@2.onnx"))
        try retrained.write(to: URL(fileURLWithPath: path))
        let cardPath = "\(store.directory)/test-detector@1.card.yaml"
        let card = try String(contentsOfFile: cardPath, encoding: .utf8)
        let retrainedHash = ContentHash.sha256(retrained)
        try card.replacingOccurrences(of: first.card.sha256, with: retrainedHash)
            .write(toFile: cardPath, atomically: true, encoding: .utf8)
        let reloaded = try store.load(reference)
        #expect(reloaded.network !== first.network && reloaded.identity.sha256 == retrainedHash)
    }

    /// Past its capacity (bytes of ONNX files) the store lets the least recently used model go.
    @Test func keptModelsStayWithinTheirCapacity() throws {
        let bytes = { (name: String) throws -> Int in
            try Data(contentsOf: URL(fileURLWithPath: "\(TestImages.models.directory)/\(name).onnx")).count
        }
        // Room for both detectors, or for one of them and the (smaller) inpainter.
        try #require(try bytes("test-inpainter@1") <= bytes("test-detector@2"))
        let kept = LoadedModels(capacity: try bytes("test-detector@1") + bytes("test-detector@2"))
        let store = ModelStore(directory: TestImages.models.directory, keeping: kept)
        let one = try store.load(ModelReference("test-detector@1")!)
        let two = try store.load(ModelReference("test-detector@2")!)
        #expect(kept.count == 2)
        _ = try store.load(ModelReference("test-detector@1")!)  // now the most recently used
        _ = try store.load(ModelReference("test-inpainter@1")!)
        #expect(kept.count == 2)
        #expect(try store.load(ModelReference("test-detector@1")!).network === one.network)
        #expect(try store.load(ModelReference("test-detector@2")!).network !== two.network, "let go, loaded anew")
    }

    @Test func missingModelNamesWhatIsAvailable() throws {
        let error = #expect(throws: RestorationError.self) { try TestImages.models.card(for: ModelReference("damage-unet@1")!) }
        #expect(error == .modelNotFound(reference: "damage-unet@1", directory: TestImages.models.directory,
                                        available: ["test-color@1", "test-colorizer@1", "test-denoiser@1",
                                                    "test-detector@1", "test-detector@2", "test-inpainter@1",
                                                    "test-inpainter@2", "test-upscaler@1"]))
        let wrongVersion = #expect(throws: RestorationError.self) { try TestImages.models.card(for: ModelReference("test-detector@3")!) }
        if case .modelNotFound = wrongVersion {} else { Issue.record("a version no card has must be missing") }
        #expect(throws: RestorationError.self) { try TestImages.models.card(for: ModelReference("damage-unet")!) }
    }

    /// Shipping a new version keeps the old one: a pinned reference loads exactly the version it names, a
    /// bare name the newest (by number: 10 is newer than 9), and each has its own bytes.
    @Test func versionsSideBySide() throws {
        let old = try TestImages.models.load(ModelReference("test-detector@1")!)
        let new = try TestImages.models.load(ModelReference("test-detector@2")!)
        let newest = try TestImages.models.load(ModelReference("test-detector")!)
        #expect(old.identity.version == "1" && new.identity.version == "2" && old.identity.sha256 != new.identity.sha256)
        #expect(newest.identity == new.identity)
        #expect(ModelReference("test-detector")?.version == nil && ModelReference("a@b@c") == nil && ModelReference("a@") == nil)
        let sorted = ["10", "9", "1.10", "1.2", "2"].sorted(by: ModelVersion.precedes)
        #expect(sorted == ["1.2", "1.10", "2", "9", "10"])
    }

    /// The pinned older version computes as it did: a pixel of mean 0.4 is damage to @2 (line at 0.5), not
    /// to @1 (line at 0.25).
    @Test func pinnedOlderVersionKeepsItsBehaviour() throws {
        let image = WorkingImage(width: 4, height: 4, planes: Array(repeating: Array(repeating: 0.4, count: 16), count: 3))
        func mask(_ model: String) throws -> [UInt8] {
            let stage = try DamageDetection(parameters: StageParameters(given: ["model": .text(model)],
                                                                        descriptor: DamageDetection.descriptor),
                                            models: TestImages.models)
            return try #require(try stage.apply(to: image, context: StageContext()).mask).values
        }
        #expect(try mask("test-detector@1").allSatisfy { $0 == 0 })
        #expect(try mask("test-detector@2").allSatisfy { $0 == 1 })
    }

    /// A layout of the older kind (`<name>.card.yaml` + `<name>.onnx`) is still read, and two cards
    /// claiming one `name@version` are refused rather than one picked by chance.
    @Test func oldLayoutIsReadAndDuplicateVersionsAreRefused() throws {
        let store = try copiedStore()
        let manager = FileManager.default
        try manager.moveItem(atPath: "\(store.directory)/test-color@1.onnx", toPath: "\(store.directory)/test-color.onnx")
        let card = try String(contentsOfFile: "\(store.directory)/test-color@1.card.yaml", encoding: .utf8)
        try manager.removeItem(atPath: "\(store.directory)/test-color@1.card.yaml")
        try card.replacingOccurrences(of: "onnx: test-color@1.onnx, ", with: "")
            .write(toFile: "\(store.directory)/test-color.card.yaml", atomically: true, encoding: .utf8)
        #expect(try store.load(ModelReference("test-color@1")!).card.onnxFile == "test-color.onnx")
        try manager.copyItem(atPath: "\(store.directory)/test-detector@2.card.yaml",
                             toPath: "\(store.directory)/copy-of-detector.card.yaml")
        let error = #expect(throws: RestorationError.self) { try store.card(for: ModelReference("test-detector@2")!) }
        #expect(error?.description.contains("also claimed by") == true, "\(String(describing: error))")
    }

    @Test func cardWithoutHashIsInvalid() {
        #expect(throws: RestorationError.invalidCard(file: "x.card.yaml", cause:
            "x.card.yaml: no SHA-256 of the ONNX file ('file: {sha256: ...}')")) {
            try ModelCard(yaml: "name: x\nversion: 1\nfile: {onnx: x.onnx}\n", file: "x.card.yaml")
        }
    }

    @Test func aBadCardValueIsNamedByLineAndColumn() {
        let error = #expect(throws: RestorationError.self) {
            try ModelCard(yaml: "name: x\nversion: 1\nfile:\n  sha256: abc\n", file: "x.card.yaml")
        }
        #expect(error?.description.contains("x.card.yaml:4:11: the SHA-256 of the ONNX file must be 64 hex digits") == true,
                "\(String(describing: error))")
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
