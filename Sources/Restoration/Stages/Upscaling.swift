import Disclosure
import Inference

/// `upscale`: a trained super-resolution model (issue 23) makes the image `factor` times as wide and high,
/// tile by tile. The detail between the photograph's own pixels is the model's guess, so the step is
/// disclosed as trained algorithmic media inventing image content. It changes the pixel grid, so stages
/// that work on the original's grid (detect-damage, inpaint: their masks are drawn and recorded there) must
/// come before it; the pipeline's validation says so otherwise. `strength` blends with a bilinear
/// enlargement of the input.
///
/// Model I/O: 1×3×H×W sRGB in [0, 1] → 1×3×(factor·H)×(factor·W) (pixel shuffle, ONNX DepthToSpace). A gray
/// image is given as RGB and comes back gray (the mean of the three results).
public struct Upscaling: Stage {
    public static let descriptor = StageDescriptor(
        name: "upscale", version: "1",
        summary: "Enlarges the image 2 or 4 times with a trained super-resolution model; the added detail is invented.",
        parameters: [
            ParameterSpec("factor", .choice(["2", "4"]), default: .text("2"), "how many times wider and higher"),
            ParameterSpec("model", .model, default: .text("upscale-x2"), "the super-resolution model, one made for the factor"),
            .precision(default: .fp32),
        ],
        disclosure: .compositeWithTrainedAlgorithmicMedia, invents: .imageContent, resizes: true)

    public let method: Method
    public var precision: Precision? { model.network.precision }
    private let model: StoredModel
    private let factor: Int

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        model = try Self.loadModel(parameters, from: models)
        method = .trainedModel(model.identity)
        factor = Int(parameters.text("factor") ?? "2") ?? 2
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        let (width, height) = (image.width * factor, image.height * factor)
        var planes = try TiledInference(model: model, context: context)
            .run(image.rgbPlanes, outputs: 3, width: image.width, height: image.height, scale: factor)
        if image.isGray {
            planes = [(0..<(width * height)).map { (planes[0][$0] + planes[1][$0] + planes[2][$0]) / 3 }]
        }
        let alpha = image.alpha.map(BilinearSampling(from: (image.width, image.height), to: (width, height)).resampled)
        return StageOutput(image: WorkingImage(width: width, height: height,
                                               planes: planes.map { plane in plane.map { min(max($0, 0), 1) } },
                                               alpha: alpha))
    }
}
