/// How a step computes its result. A run with at least one `.trainedModel` step is "AI-altered".
public enum Method: Sendable, Equatable, Codable {
    /// A trained network, named by the model it ran.
    case trainedModel(ModelIdentity)
    /// A classical algorithm, named ("unsharp-mask", "gray-world").
    case classical(algorithm: String)

    /// `trained-model` or `classical`, as the catalog records it.
    public var kind: String {
        switch self {
        case .trainedModel: "trained-model"
        case .classical: "classical"
        }
    }

    /// The model, for a trained-model step.
    public var model: ModelIdentity? {
        if case .trainedModel(let model) = self { return model }
        return nil
    }

    /// The algorithm's name, or the model's `name@version`.
    public var algorithm: String {
        switch self {
        case .trainedModel(let model): model.reference
        case .classical(let algorithm): algorithm
        }
    }
}
