/// `sharpen`: the classical unsharp mask, `v + amount × (v − blur(v))` wherever the difference exceeds
/// `threshold` (so film grain and flat areas are left alone).
public struct Sharpening: Stage {
    public static let descriptor = StageDescriptor(
        name: "sharpen", version: "1",
        summary: "Unsharp mask (classical).",
        parameters: [
            ParameterSpec("radius", .number(0.3...20), default: .number(1), "Gaussian sigma of the blur, in pixels"),
            ParameterSpec("amount", .number(0...5), default: .number(0.6), "how much of the detail to add back"),
            ParameterSpec("threshold", .number(0...0.5), default: .number(0), "smallest difference that is sharpened"),
        ],
        disclosure: .algorithmicallyEnhanced)

    public let method = Method.classical(algorithm: "unsharp-mask")
    private let parameters: StageParameters

    public init(parameters: StageParameters, models: ModelStore) {
        self.parameters = parameters
    }

    public func apply(to image: WorkingImage, context: StageContext) -> StageOutput {
        let amount = Float(parameters.number("amount"))
        let threshold = Float(parameters.number("threshold"))
        var result = image
        result.planes = image.planes.map { plane in
            let blurred = GaussianBlur.blur(plane, width: image.width, height: image.height,
                                            sigma: parameters.number("radius"))
            return zip(plane, blurred).map { value, soft in
                let detail = value - soft
                return abs(detail) > threshold ? min(max(value + amount * detail, 0), 1) : value
            }
        }
        return StageOutput(image: result)
    }
}
