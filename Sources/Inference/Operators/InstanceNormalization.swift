/// InstanceNormalization: each (image, channel) plane normalised by its own mean and variance, then
/// scale and B per channel. Statistics span the whole plane, so models using it are not tiled.
struct InstanceNormalization: Operator, OperatorKernel {
    let scale: [Float]
    let bias: [Float]
    let epsilon: Float

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["epsilon"])
        let scale = try node.constant(1, name: "scale").values, bias = try node.constant(2, name: "B").values
        guard scale.count == bias.count else { throw .invalidNode(.pending, reason: "scale and B differ in length") }
        return InstanceNormalization(scale: scale, bias: bias, epsilon: try node.attributes.float("epsilon", default: 1e-5))
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        guard shape.count >= 3, shape[1] == scale.count else {
            throw .invalidNode(.pending, reason: "input \(shape) does not have \(scale.count) channels")
        }
        return [ValueInfo(shape: shape)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        [Normalization.normalize(inputs[0]!, context) { channel, source, count in
            // Two passes in double precision: the mean first, then the variance around it.
            var sum: Double = 0
            for index in 0..<count { sum += Double(source[index]) }
            let mean = sum / Double(count)
            var squares: Double = 0
            for index in 0..<count { squares += (Double(source[index]) - mean) * (Double(source[index]) - mean) }
            let factor = Float(1 / (squares / Double(count) + Double(epsilon)).squareRoot()) * scale[channel]
            return (factor, bias[channel] - Float(mean) * factor)
        }]
    }
}
