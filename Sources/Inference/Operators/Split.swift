/// Split along an axis: sizes from the `split` input, or equal parts (num_outputs, or the output count).
struct Split: Operator, OperatorKernel {
    let axis: Int
    let outputCount: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["axis", "num_outputs"])
        return Split(axis: try node.attributes.int("axis", default: 0),
                     outputCount: try node.attributes.int("num_outputs", default: 0))
    }

    private func sizes(_ inputs: [ValueInfo]) throws(InferenceError) -> (axis: Int, sizes: [Int]) {
        let shape = inputs[0].shape
        let axis = try Shape.axis(self.axis, rank: shape.count)
        if let sizes = try ValueInfo.integers(inputs, 1, name: "split") {
            guard sizes.reduce(0, +) == shape[axis], sizes.allSatisfy({ $0 >= 0 }) else {
                throw .invalidNode(.pending, reason: "split \(sizes) does not add up to \(shape[axis])")
            }
            return (axis, sizes)
        }
        guard outputCount > 0 else { throw .invalidNode(.pending, reason: "split sizes or num_outputs are required") }
        // Equal parts, the last one smaller when the axis does not divide (as ONNX specifies).
        let part = (shape[axis] + outputCount - 1) / outputCount
        return (axis, (0..<outputCount).map { max(0, min(part, shape[axis] - $0 * part)) })
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { axis == 1 || axis == -3 ? .pointwise : .global }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let (axis, sizes) = try self.sizes(inputs)
        return sizes.map { size in
            var shape = inputs[0].shape
            shape[axis] = size
            return ValueInfo(shape: shape, dataType: inputs[0].dataType)
        }
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let (axis, sizes) = try self.sizes(ValueInfo.of(inputs))
        let width = x.dataType.byteWidth
        let outer = x.shape[..<axis].reduce(1, *)
        let inner = x.shape[(axis + 1)...].reduce(1, *) * width
        var offset = 0
        return sizes.enumerated().map { output, size in
            var shape = x.shape
            shape[axis] = size
            let y = context.allocate(shape, x.dataType, output: output)
            for index in 0..<outer {
                (y.storage.pointer + index * size * inner)
                    .copyMemory(from: x.storage.pointer + (index * x.shape[axis] + offset) * inner, byteCount: size * inner)
            }
            offset += size
            return y
        }
    }
}
