/// Shape (ONNX `Shape`, with start/end): its value follows from the input's shape, so it is always
/// folded at planning time and never runs.
struct ShapeOf: Operator, OperatorKernel {
    let start: Int
    let end: Int?

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["start", "end"])
        return ShapeOf(start: try node.attributes.int("start", default: 0),
                       end: node.attributes.has("end") ? try node.attributes.int("end", default: 0) : nil)
    }

    private func value(_ shape: [Int]) -> Tensor {
        let rank = shape.count
        func clamp(_ axis: Int) -> Int { min(max(axis < 0 ? axis + rank : axis, 0), rank) }
        let first = clamp(start), last = max(first, clamp(end ?? rank))
        return Tensor(shape: [last - first], int64Values: shape[first..<last].map { Int64($0) })
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(constant: value(inputs[0].shape))]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        [value(inputs[0]!.shape)]
    }
}
