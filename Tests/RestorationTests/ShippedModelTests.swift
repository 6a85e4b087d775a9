import Foundation
import Inference
import Restoration
import Testing

/// The trained models in the repository's `Models/` run in the Swift inference core as they run in ONNX
/// Runtime: a fixed input and ORT's outputs are committed (ShippedModels/make_parity.py), and the core must
/// reproduce the outputs within 1e-4 of each output's largest magnitude (at least 1). The scale matters for
/// colorize: its ab output is an expectation over bins of values up to ±110 behind a softmax at temperature
/// 0.38, which multiplies rounding differences (ONNX Runtime's own optimization levels differ by 5e-5 on it).
@Suite struct ShippedModelTests {
    /// One model's fixture: the input ORT was given, the outputs it produced, and the ONNX file's hash.
    struct ParityCase: Decodable, Sendable, CustomTestStringConvertible {
        var model: String
        var sha256: String
        var inputs: [String: String]
        var outputs: [String: String]
        var testDescription: String { model }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ShippedModels")
    static let shipped = ModelStore(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Models").path)
    static let cases: [ParityCase] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("parity.json"))
        return try! JSONDecoder().decode([ParityCase].self, from: data)
    }()

    @Test func everyShippedModelHasFixturesMadeFromItsBytes() {
        for card in Self.shipped.cards() {
            let fixture = Self.cases.first { $0.model == "\(card.name)@\(card.version)" }
            #expect(fixture?.sha256 == card.sha256,
                    "run Tests/RestorationTests/ShippedModels/make_parity.py for \(card.name)@\(card.version)")
        }
    }

    @Test(arguments: cases) func swiftCoreMatchesONNXRuntime(_ fixture: ParityCase) throws {
        let model = try Self.shipped.load(ModelReference(fixture.model)!)
        let inputs = try fixture.inputs.mapValues { try NumPyFile.read(Self.folder.appendingPathComponent($0)) }
        let outputs = try InferenceSession(model: model.network, threads: 2).run(inputs)
        for (name, file) in fixture.outputs {
            let expected = try NumPyFile.read(Self.folder.appendingPathComponent(file))
            let actual = try #require(outputs[name], "output \(name) missing")
            #expect(actual.shape == expected.shape, "\(name)")
            let scale = max(1, expected.values.map(abs).max() ?? 0)
            let worst = zip(actual.values, expected.values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-4 * scale, "\(fixture.model) output \(name): worst error \(worst), scale \(scale)")
        }
    }
}
