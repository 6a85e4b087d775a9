/// What a kernel sees of its node at load time: attributes, and the inputs that are constants.
struct NodeDescription {
    var opType: String
    var attributes: NodeAttributes
    /// One entry per node input; nil for a value computed at run time or an omitted optional input.
    var constants: [Tensor?]
    /// Whether each input is present (an empty name is an omitted optional input).
    var present: [Bool]
    var fusedActivation: FusedActivation?
    /// The arithmetic kernels that have a choice (Conv) are loaded for.
    var precision: Precision = .fp32
    var convolutions: Conv.Choice = .fastest

    func isPresent(_ index: Int) -> Bool { index < present.count && present[index] }

    /// Input `index`, which must be a constant (weights, shapes given as inputs).
    func constant(_ index: Int, name: String) throws(InferenceError) -> Tensor {
        guard index < constants.count, let value = constants[index] else {
            throw .missingInitializer(.pending, input: name)
        }
        return value
    }
}
