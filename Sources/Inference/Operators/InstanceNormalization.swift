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
        let x = inputs[0]!
        let y = context.allocate(x.shape)
        let channels = x.shape[1], inner = x.shape[2...].reduce(1, *)
        for plane in 0..<(x.shape[0] * channels) {
            let source = x.floats + plane * inner, destination = y.floats + plane * inner
            // Two passes in double precision: the mean first, then the variance around it.
            var sum: Double = 0
            for index in 0..<inner { sum += Double(source[index]) }
            let mean = sum / Double(inner)
            var squares: Double = 0
            for index in 0..<inner { squares += (Double(source[index]) - mean) * (Double(source[index]) - mean) }
            let factor = Float(1 / (squares / Double(inner) + Double(epsilon)).squareRoot()) * scale[plane % channels]
            Normalization.apply(source, to: destination, count: inner, factor: factor,
                                offset: bias[plane % channels] - Float(mean) * factor)
        }
        return [y]
    }
}
