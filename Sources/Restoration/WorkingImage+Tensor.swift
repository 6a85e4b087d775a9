import Inference

/// A whole image as a model's tensor and back, for running a model on an image outside a stage
/// (`conservator infer`): through ``WorkingImage``, so samples are scaled to [0, 1] and quantized back exactly
/// as the stages scale and quantize them.
extension WorkingImage {
    /// The image as a model input: its RGB planes as a 1×3×H×W tensor (gray repeated, alpha left out).
    public var tensor: Tensor {
        Tensor(shape: [1, 3, height, width], values: rgbPlanes.flatMap { $0 })
    }

    /// The image a model's 1×C×H×W output holds, C being 1 (gray) or 3 (RGB); nil for any other shape.
    /// Values are kept as the model gave them: ``raster(bitDepth:iccProfile:)`` clamps them to [0, 1].
    public init?(_ tensor: Tensor) {
        guard tensor.shape.count == 4, tensor.shape[0] == 1, [1, 3].contains(tensor.shape[1]) else { return nil }
        let (channels, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
        let (values, plane) = (tensor.values, width * height)
        self.init(width: width, height: height, planes: (0..<channels).map { Array(values[$0 * plane..<($0 + 1) * plane]) })
    }
}
