/// Cast between floating types (held as `float32`) and integer or boolean types (held as `int64`).
struct Cast: Operator, OperatorKernel {
    let target: DataType

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["to", "saturate"])
        let code = try node.attributes.int("to", default: 1)
        // TensorProto.DataType: FLOAT, FLOAT16, DOUBLE, BFLOAT16 are floating; the integer types and BOOL integers.
        switch code {
        case 1, 10, 11, 16: return Cast(target: .float32)
        case 2, 3, 4, 5, 6, 7, 9, 12, 13: return Cast(target: .int64)
        default: throw .unsupportedAttribute(.pending, attribute: "to", reason: "element type \(code)")
        }
    }

    /// A cast to the input's own type returns the input.
    var outputsMayShareInputs: Bool { true }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: inputs[0].shape, dataType: target)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        guard x.dataType != target else { return [x] }
        return [target == .float32 ? Tensor(shape: x.shape, values: x.values) : Tensor(shape: x.shape, int64Values: x.int64Values)]
    }
}
