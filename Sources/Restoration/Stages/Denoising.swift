import Disclosure
import Inference

/// `denoise`: a trained blind denoiser (issue 23) takes noise, grain and scanner noise out of the picture,
/// run tile by tile over the whole image. It estimates what the noise hides rather than adding content, so
/// it is disclosed as algorithmic enhancement; how much it smooths is the pipeline's `strength`.
///
/// Model I/O: 1×3×H×W sRGB in [0, 1] → 1×3×H×W, the image less the noise the model finds. A gray image is
/// given as RGB and comes back gray (the mean of the three results, which a model trained with gray noise
/// on gray images gives nearly equal).
public struct Denoising: Stage {
    public static let descriptor = StageDescriptor(
        name: "denoise", version: "1",
        summary: "Reduces noise and grain with a trained denoiser; the image keeps its content.",
        parameters: [
            ParameterSpec("model", .model, default: .text("denoise"), "the denoiser"),
            .precision(default: .fp32),
        ],
        disclosure: .algorithmicallyEnhanced)

    public let method: Method
    public var precision: Precision? { model.network.precision }
    private let model: StoredModel

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        model = try Self.loadModel(parameters, from: models)
        method = .trainedModel(model.identity)
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        var planes = try TiledInference(model: model, context: context)
            .run(image.rgbPlanes, outputs: 3, width: image.width, height: image.height)
        if image.isGray {
            planes = [(0..<image.pixelCount).map { (planes[0][$0] + planes[1][$0] + planes[2][$0]) / 3 }]
        }
        var result = image
        result.planes = planes.map { plane in plane.map { min(max($0, 0), 1) } }
        return StageOutput(image: result)
    }
}
