/// DepthToSpace (DCR and CRD modes) and SpaceToDepth: the pixel-shuffle rearrangements, each a
/// reshape to six axes, a transpose, and a reshape back.
struct DepthToSpace: Operator, OperatorKernel {
    enum Kind: Sendable { case depthToSpaceDCR, depthToSpaceCRD, spaceToDepth }

    let kind: Kind
    let block: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let block = try node.attributes.int("blocksize", default: 0)
        guard block >= 1 else { throw .invalidNode(.pending, reason: "blocksize is required") }
        if node.opType == "SpaceToDepth" {
            try node.attributes.require(only: ["blocksize"])
            return DepthToSpace(kind: .spaceToDepth, block: block)
        }
        try node.attributes.require(only: ["blocksize", "mode"])
        let mode = try node.attributes.string("mode", default: "DCR")
        guard mode == "DCR" || mode == "CRD" else {
            throw .unsupportedAttribute(.pending, attribute: "mode", reason: "\(mode) (DCR and CRD are supported)")
        }
        return DepthToSpace(kind: mode == "DCR" ? .depthToSpaceDCR : .depthToSpaceCRD, block: block)
    }

    /// The six-axis view of the input and the order its axes are read in.
    private func view(_ shape: [Int]) throws(InferenceError) -> (shape: [Int], order: [Int], output: [Int]) {
        guard shape.count == 4 else { throw .invalidNode(.pending, reason: "input \(shape) is not NCHW") }
        let (n, c, h, w, b) = (shape[0], shape[1], shape[2], shape[3], block)
        switch kind {
        case .depthToSpaceDCR, .depthToSpaceCRD:
            guard c % (b * b) == 0 else { throw .invalidNode(.pending, reason: "\(c) channels do not divide by blocksize² \(b * b)") }
            let output = [n, c / (b * b), h * b, w * b]
            return kind == .depthToSpaceDCR
                ? ([n, b, b, c / (b * b), h, w], [0, 3, 4, 1, 5, 2], output)
                : ([n, c / (b * b), b, b, h, w], [0, 1, 4, 2, 5, 3], output)
        case .spaceToDepth:
            guard h % b == 0, w % b == 0 else { throw .invalidNode(.pending, reason: "\(h)x\(w) does not divide by blocksize \(b)") }
            return ([n, c, h / b, b, w / b, b], [0, 3, 5, 1, 2, 4], [n, c * b * b, h / b, w / b])
        }
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .halo(1) }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: try view(inputs[0].shape).output, dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let (shape, order, output) = try view(x.shape)
        let strides = Shape.strides(shape)
        let y = context.allocate(order.map { shape[$0] }, x.dataType)
        ElementCopy.strided(x, base: 0, strides: order.map { strides[$0] }, to: y)
        return [y.reshaped(output)]
    }
}
