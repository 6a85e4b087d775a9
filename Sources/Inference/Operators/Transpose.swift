/// Transpose by `perm` (default: reverse the axes).
struct Transpose: Operator, OperatorKernel {
    let permutation: [Int]?

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["perm"])
        return Transpose(permutation: try node.attributes.ints("perm"))
    }

    private func order(_ rank: Int) throws(InferenceError) -> [Int] {
        let order = permutation ?? Array((0..<rank).reversed())
        guard order.sorted() == Array(0..<rank) else {
            throw .invalidNode(.pending, reason: "perm \(order) is not a permutation of \(rank) axes")
        }
        return order
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        return [ValueInfo(shape: try order(shape.count).map { shape[$0] }, dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let order = try self.order(x.shape.count)
        let y = context.allocate(order.map { x.shape[$0] }, x.dataType)
        let strides = Shape.strides(x.shape)
        ElementCopy.strided(x, base: 0, strides: order.map { strides[$0] }, to: y)
        return [y]
    }
}
