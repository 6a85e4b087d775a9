import ONNXProto

/// Constant: its value is known at load, so it is folded and never runs.
struct Constant: Operator, OperatorKernel {
    let value: Tensor

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        try attributes.require(only: ["value", "value_float", "value_floats", "value_int", "value_ints"])
        if let proto = attributes.tensor("value") { return Constant(value: try TensorDecoding.decode(proto)) }
        if attributes.has("value_float") { return Constant(value: Tensor(shape: [], values: [try attributes.float("value_float", default: 0)])) }
        if let floats = try attributes.floats("value_floats") { return Constant(value: Tensor(shape: [floats.count], values: floats)) }
        if attributes.has("value_int") {
            return Constant(value: Tensor(shape: [], int64Values: [Int64(try attributes.int("value_int", default: 0))]))
        }
        if let ints = try attributes.ints("value_ints") { return Constant(value: Tensor(shape: [ints.count], int64Values: ints.map { Int64($0) })) }
        throw .invalidNode(.pending, reason: "Constant has no value")
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] { [ValueInfo(constant: value)] }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] { [value] }
}
