import Fixity
import Foundation
import Inference

/// The models of a `Models/` folder: `<name>.onnx` beside `<name>.card.yaml`.
///
/// A model is loaded only after the SHA-256 of its ONNX file matches its card: a model file that was
/// retrained, truncated or swapped is refused rather than run under another model's name, because every
/// derivative's provenance names the model by that hash.
///
/// ```swift
/// let store = ModelStore(directory: "Models")
/// let card = try store.card(for: ModelReference("damage-unet@1")!)   // exists? (validation)
/// let model = try store.load(ModelReference("damage-unet@1")!)       // hash checked, loaded
/// ```
public struct ModelStore: Sendable {
    /// The folder holding the models.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Every readable card in the folder, by name.
    public func cards() -> [ModelCard] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".card.yaml") }.sorted()
            .compactMap { try? ModelCard(contentsOf: "\(directory)/\($0)") }
    }

    /// The card of the model `reference` names, when both the card and its ONNX file are present.
    public func card(for reference: ModelReference) throws(RestorationError) -> ModelCard {
        let path = "\(directory)/\(reference.name).card.yaml"
        let available = cards().map { "\($0.name)@\($0.version)" }
        guard FileManager.default.fileExists(atPath: path) else {
            throw .modelNotFound(reference: reference.description, directory: directory, available: available)
        }
        let card = try ModelCard(contentsOf: path)
        guard card.name == reference.name, card.version == reference.version,
              FileManager.default.fileExists(atPath: "\(directory)/\(card.onnxFile)") else {
            throw .modelNotFound(reference: reference.description, directory: directory, available: available)
        }
        return card
    }

    /// Loads the model after checking its SHA-256 against the card.
    public func load(_ reference: ModelReference) throws(RestorationError) -> StoredModel {
        let card = try card(for: reference)
        let path = "\(directory)/\(card.onnxFile)"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .inference(file: path, cause: "cannot read model: \(error.localizedDescription)")
        }
        let actual = ContentHash.sha256(data)
        guard actual == card.sha256 else {
            throw .checksumMismatch(file: path, card: card.file, expected: card.sha256, actual: actual)
        }
        let network: Model
        do {
            network = try Model(serialized: data, file: path)
        } catch {
            throw .inference(file: path, cause: error.description)
        }
        return StoredModel(identity: ModelIdentity(name: card.name, version: card.version, sha256: actual),
                           card: card, network: network)
    }
}
