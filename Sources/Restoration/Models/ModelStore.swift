import Fixity
import Foundation
import Inference

/// The models of a `Models/` folder, every version side by side: `<name>@<version>.onnx` beside
/// `<name>@<version>.card.yaml` (and the training manifest `<name>@<version>.manifest.json`). A card is
/// known by the name and version written inside it, not by its file name, so a card of the older
/// one-version layout (`<name>.card.yaml`) is still read; a new version is a new pair of files and never
/// replaces an old one, so every recorded run can be reproduced and a pipeline may pin an older version.
///
/// A model is loaded only after the SHA-256 of its ONNX file matches its card: a model file that was
/// retrained, truncated or swapped is refused rather than run under another model's name, because every
/// derivative's provenance names the model by that hash.
///
/// ```swift
/// let store = ModelStore(directory: "Models")
/// let card = try store.card(for: ModelReference("damage-unet@2")!)   // exists? (validation)
/// let model = try store.load(ModelReference("damage-unet@2")!)       // hash checked, loaded
/// let newest = try store.load(ModelReference("damage-unet")!)        // the newest version held
/// ```
public struct ModelStore: Sendable {
    /// The folder holding the models.
    public let directory: String
    /// Models kept loaded between runs, for a store that serves many (a daemon, a batch); nil loads
    /// and checks each model at every ``load(_:precision:)``.
    public let kept: LoadedModels?

    public init(directory: String, keeping kept: LoadedModels? = nil) {
        self.directory = directory
        self.kept = kept
    }

    /// The card files in the folder, by file name.
    public func cardFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".card.yaml") }.sorted()
    }

    /// Every readable card in the folder, by name and then version, oldest first.
    public func cards() -> [ModelCard] {
        cardFiles().compactMap { try? ModelCard(contentsOf: "\(directory)/\($0)") }.sorted { a, b in
            a.name != b.name ? a.name < b.name : ModelVersion.precedes(a.version, b.version)
        }
    }

    /// The card of the model `reference` names — that version, or the newest when it names none — when
    /// both the card and its ONNX file are present. Two cards claiming the same `name@version` make it
    /// ambiguous, and it is refused rather than one of them picked by chance.
    public func card(for reference: ModelReference) throws(RestorationError) -> ModelCard {
        let all = cards()
        let versions = all.filter { $0.name == reference.name }
        guard let version = reference.version ?? versions.last?.version,
              let card = versions.first(where: { $0.version == version }),
              FileManager.default.fileExists(atPath: "\(directory)/\(card.onnxFile)") else {
            throw .modelNotFound(reference: reference.description, directory: directory,
                                 available: all.map { "\($0.name)@\($0.version)" })
        }
        let claims = versions.filter { $0.version == card.version }
        guard claims.count == 1 else {
            throw .invalidCard(file: claims[1].file, cause: "\(card.name)@\(card.version) is also claimed by \(claims[0].file)")
        }
        return card
    }

    /// Loads the model after checking its SHA-256 against the card, its convolutions in `precision`
    /// (``Precision/available``: fp32 where the CPU has no bf16 path).
    public func load(_ reference: ModelReference, precision: Precision = .fp32) throws(RestorationError) -> StoredModel {
        let card = try card(for: reference)
        guard let kept else { return try load(card, precision: precision).model }
        return try kept.model(for: card, precision: precision) { () throws(RestorationError) in
            try load(card, precision: precision)
        }
    }

    /// Reads the card's model file, checks its hash and loads it; also its size in bytes.
    private func load(_ card: ModelCard, precision: Precision) throws(RestorationError) -> (model: StoredModel, bytes: Int) {
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
            network = try Model(serialized: data, file: path, precision: precision)
        } catch {
            throw .inference(file: path, cause: error.description)
        }
        return (StoredModel(identity: ModelIdentity(name: card.name, version: card.version, sha256: actual),
                            card: card, network: network), data.count)
    }
}
