/// Gather along an axis with constant or run-time indices (negative indices count from the end).
struct Gather: Operator, OperatorKernel {
    let axis: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["axis"])
        return Gather(axis: try node.attributes.int("axis", default: 0))
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        let axis = try Shape.axis(self.axis, rank: shape.count)
        return [ValueInfo(shape: Array(shape[..<axis]) + inputs[1].shape + Array(shape[(axis + 1)...]),
                          dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let data = inputs[0]!, indices = inputs[1]!.integers
        let axis = try Shape.axis(self.axis, rank: data.shape.count)
        let y = context.allocate(try inferOutputs(ValueInfo.of(inputs))[0].shape, data.dataType)
        let size = data.shape[axis]
        let width = data.dataType.byteWidth
        let outer = data.shape[..<axis].reduce(1, *), inner = data.shape[(axis + 1)...].reduce(1, *) * width
        for (position, raw) in indices.enumerated() {
            let index = raw < 0 ? raw + size : raw
            guard index >= 0, index < size else {
                throw .invalidNode(.pending, reason: "index \(raw) is out of range for axis size \(size)")
            }
            for block in 0..<outer {
                (y.storage.pointer + (block * indices.count + position) * inner)
                    .copyMemory(from: data.storage.pointer + (block * size + index) * inner, byteCount: inner)
            }
        }
        return [y]
    }
}
