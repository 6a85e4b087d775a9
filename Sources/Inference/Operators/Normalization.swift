/// What BatchNormalization and InstanceNormalization share: the factor a normalization multiplies by, and
/// the per-plane affine step `y = x * factor + offset` that applies it. BatchNormalization computes the
/// factor from running statistics once (at load, or when the optimizer folds it into a Conv's weights);
/// InstanceNormalization from each plane's own statistics at run time.
enum Normalization {
    /// `scale / sqrt(variance + epsilon)` per channel.
    static func factors(scale: [Float], variance: [Float], epsilon: Float) -> [Float] {
        scale.indices.map { scale[$0] / (variance[$0] + epsilon).squareRoot() }
    }

    /// Writes `source[i] * factor + offset` for the `count` samples of one plane.
    static func apply(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int,
                      factor: Float, offset: Float) {
        for index in 0..<count { destination[index] = source[index] * factor + offset }
    }
}
