/// Concat along any axis; `float32` or `int64` (shape vectors).
struct Concat: Operator, OperatorKernel {
    let axis: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["axis"])
        guard node.attributes.has("axis") else { throw .invalidNode(.pending, reason: "axis is required") }
        return Concat(axis: try node.attributes.int("axis", default: 0))
    }

    /// Along channels (axis 1 of NCHW) pixels stay where they are; along other axes they move.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { axis == 1 || axis == -3 ? .pointwise : .global }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let first = inputs[0].shape
        let axis = try Shape.axis(self.axis, rank: first.count)
        var shape = first
        shape[axis] = 0
        for input in inputs {
            guard input.shape.count == first.count,
                  input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == first[$0] }) else {
                throw .invalidNode(.pending, reason: "cannot concatenate shapes \(inputs.map(\.shape)) on axis \(axis)")
            }
            shape[axis] += input.shape[axis]
        }
        return [ValueInfo(shape: shape, dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let parts = inputs.map { $0! }
        let shape = try inferOutputs(parts.map { ValueInfo(shape: $0.shape) })[0].shape
        let y = context.allocate(shape, parts[0].dataType)
        let axis = try Shape.axis(self.axis, rank: shape.count)
        let width = parts[0].dataType.byteWidth
        let outer = shape[..<axis].reduce(1, *)
        let outputBlock = shape[axis...].reduce(1, *) * width
        var offset = 0
        for part in parts {
            let block = part.shape[axis...].reduce(1, *) * width
            // Planning may have placed the part where it belongs in the output (MemoryLayout): nothing to copy.
            if outer == 1 && part.storage.pointer == y.storage.pointer + offset {
                offset += block
                continue
            }
            for index in 0..<outer {
                (y.storage.pointer + index * outputBlock + offset)
                    .copyMemory(from: part.storage.pointer + index * block, byteCount: block)
            }
            offset += block
        }
        return [y]
    }
}
