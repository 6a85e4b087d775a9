/// What BatchNormalization and InstanceNormalization share: the factor a normalization multiplies by, and
/// the per-plane affine step `y = x * factor + offset` that applies it to every (image, channel) plane. BatchNormalization computes the
/// factor from running statistics once (at load, or when the optimizer folds it into a Conv's weights);
/// InstanceNormalization from each plane's own statistics at run time.
enum Normalization {
    /// `scale / sqrt(variance + epsilon)` per channel.
    static func factors(scale: [Float], variance: [Float], epsilon: Float) -> [Float] {
        scale.indices.map { scale[$0] / (variance[$0] + epsilon).squareRoot() }
    }

    /// `x` (N×C×…) normalized plane by plane: each (image, channel) plane becomes `x * factor + offset`, with
    /// the factor and offset that `affine` gives for the plane's channel and samples (`count` of them).
    static func normalize(_ x: Tensor, _ context: RunContext,
                          _ affine: (_ channel: Int, _ plane: UnsafePointer<Float>, _ count: Int) -> (factor: Float, offset: Float))
        -> Tensor {
        let y = context.allocate(x.shape)
        let channels = x.shape[1], inner = x.shape[2...].reduce(1, *)
        for plane in 0..<(x.shape[0] * channels) {
            let source = x.floats + plane * inner, destination = y.floats + plane * inner
            let (factor, offset) = affine(plane % channels, source, inner)
            for index in 0..<inner { destination[index] = source[index] * factor + offset }
        }
        return y
    }
}
