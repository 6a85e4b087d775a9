import Foundation
import Testing
@testable import Inference

/// One parity case written by Fixtures/make_fixtures.py: a model, its inputs and ONNX Runtime's outputs.
struct FixtureCase: Codable, Sendable, CustomTestStringConvertible {
    var name: String
    var model: String
    var inputs: [String: String]
    var outputs: [String: String]

    var testDescription: String { name }

    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    /// Every case in Fixtures/cases.json.
    static let all: [FixtureCase] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode([FixtureCase].self, from: data)
    }()

    static func named(_ name: String) -> FixtureCase { all.first { $0.name == name }! }

    func url(_ relative: String) -> URL { Self.directory.appendingPathComponent(relative) }

    func loadModel() throws -> Model { try Model(contentsOf: url(model)) }

    func loadInputs() throws -> [String: Tensor] { try inputs.mapValues { try NumPyFile.read(url($0)) } }

    func loadOutputs() throws -> [String: Tensor] { try outputs.mapValues { try NumPyFile.read(url($0)) } }
}
