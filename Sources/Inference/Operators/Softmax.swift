import Foundation

/// Softmax along one axis (opset 13 semantics), computed stably (maximum subtracted).
struct Softmax: Operator, OperatorKernel {
    let axis: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["axis"])
        return Softmax(axis: try node.attributes.int("axis", default: -1))
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { axis == 1 || axis == -3 ? .pointwise : .global }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        _ = try Shape.axis(axis, rank: inputs[0].shape.count)
        return [ValueInfo(shape: inputs[0].shape)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let axis = try Shape.axis(self.axis, rank: x.shape.count)
        let y = context.allocate(x.shape)
        let size = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        let outer = x.shape[..<axis].reduce(1, *)
        for block in 0..<outer {
            for offset in 0..<inner {
                let source = x.floats + block * size * inner + offset, destination = y.floats + block * size * inner + offset
                var maximum = -Float.infinity
                for index in 0..<size { maximum = max(maximum, source[index * inner]) }
                var sum: Float = 0
                for index in 0..<size {
                    let value = exp(source[index * inner] - maximum)
                    destination[index * inner] = value
                    sum += value
                }
                for index in 0..<size { destination[index * inner] /= sum }
            }
        }
        return [y]
    }
}
