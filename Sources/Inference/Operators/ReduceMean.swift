/// ReduceMean over the given axes (attribute up to opset 17, input from opset 18), keepdims and
/// noop_with_empty_axes as ONNX defines them.
struct ReduceMean: Operator, OperatorKernel {
    let attributeAxes: [Int]?
    let keepDims: Bool
    let noopWithEmptyAxes: Bool

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["axes", "keepdims", "noop_with_empty_axes"])
        return ReduceMean(attributeAxes: try node.attributes.ints("axes"),
                          keepDims: try node.attributes.int("keepdims", default: 1) != 0,
                          noopWithEmptyAxes: try node.attributes.int("noop_with_empty_axes", default: 0) != 0)
    }

    private func reduced(_ inputs: [ValueInfo]) throws(InferenceError) -> Set<Int> {
        let rank = inputs[0].shape.count
        var given = attributeAxes ?? []
        if attributeAxes == nil, let axes = try ValueInfo.integers(inputs, 1, name: "axes") { given = axes }
        if given.isEmpty { return noopWithEmptyAxes ? [] : Set(0..<rank) }
        var axes = Set<Int>()
        for axis in given { axes.insert(try Shape.axis(axis, rank: rank)) }
        return axes
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let axes = try reduced(inputs)
        let shape = inputs[0].shape
        let output = keepDims ? shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
                              : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
        return [ValueInfo(shape: output)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let infos = ValueInfo.of(inputs)
        let axes = try reduced(infos)
        let y = context.allocate(try inferOutputs(infos)[0].shape)
        // Accumulate each input element into its output slot: strides of the kept axes, 0 on reduced ones.
        let keptShape = x.shape.indices.map { axes.contains($0) ? 1 : x.shape[$0] }
        let outputStrides = Shape.strides(keptShape).enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
        var sums = [Double](repeating: 0, count: y.count)
        var index = [Int](repeating: 0, count: x.shape.count)
        var target = 0
        for element in 0..<x.count {
            sums[target] += Double(x.floats[element])
            var axis = index.count - 1
            while axis >= 0 {
                index[axis] += 1
                target += outputStrides[axis]
                if index[axis] < x.shape[axis] { break }
                target -= outputStrides[axis] * x.shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        let divisor = Double(x.count / max(y.count, 1))
        for (slot, sum) in sums.enumerated() { y.floats[slot] = Float(sum / divisor) }
        return [y]
    }
}
