import Inference

/// A model loaded from the ``ModelStore`` after its SHA-256 was checked against its card.
public struct StoredModel: Sendable {
    public let identity: ModelIdentity
    public let card: ModelCard
    /// The loaded network (immutable; each run makes its own `InferenceSession`).
    public let network: Model
}
