/// BatchNormalization in inference mode (running statistics), for one not folded into a Conv:
/// y = (x - mean) * scale / sqrt(var + epsilon) + B per channel (axis 1).
struct BatchNormalization: Operator, OperatorKernel {
    let factor: [Float]
    let offset: [Float]

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["epsilon", "momentum", "training_mode", "spatial"])
        guard try node.attributes.int("training_mode", default: 0) == 0 else {
            throw .unsupportedAttribute(.pending, attribute: "training_mode", reason: "only inference mode (0)")
        }
        let epsilon = try node.attributes.float("epsilon", default: 1e-5)
        let scale = try node.constant(1, name: "scale").values, bias = try node.constant(2, name: "B").values
        let mean = try node.constant(3, name: "input_mean").values, variance = try node.constant(4, name: "input_var").values
        guard [bias.count, mean.count, variance.count].allSatisfy({ $0 == scale.count }) else {
            throw .invalidNode(.pending, reason: "scale, B, mean and var differ in length")
        }
        let factor = Normalization.factors(scale: scale, variance: variance, epsilon: epsilon)
        return BatchNormalization(factor: factor, offset: scale.indices.map { bias[$0] - mean[$0] * factor[$0] })
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .pointwise }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        guard shape.count >= 2, shape[1] == factor.count else {
            throw .invalidNode(.pending, reason: "input \(shape) does not have \(factor.count) channels")
        }
        return [ValueInfo(shape: shape)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        [Normalization.normalize(inputs[0]!, context) { channel, _, _ in (factor[channel], offset[channel]) }]
    }
}
