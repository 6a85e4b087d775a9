/// `detect-damage`: a trained detector's per-pixel damage probability, thresholded, cleared of specks
/// smaller than `min-region` and grown by `dilate`, becomes the mask later stages (inpainting) repair.
/// The image itself is passed on unchanged.
///
/// Model I/O (issue 4): 1×3×H×W sRGB in [0, 1] → 1×1×H×W probability. Gray images are given as RGB.
public struct DamageDetection: Stage {
    public static let descriptor = StageDescriptor(
        name: "detect-damage", version: "1",
        summary: "Finds scratches, dust, cracks and tears; outputs a mask and leaves the pixels unchanged.",
        parameters: [
            ParameterSpec("model", .model, default: .text("damage-unet@2"), "the detector"),
            ParameterSpec("threshold", .number(0...1), default: .number(0.5), "probability above which a pixel is damage"),
            ParameterSpec("dilate", .integer(0...64), default: .integer(2), "pixels to grow the mask by"),
            ParameterSpec("min-region", .integer(1...1_000_000), default: .integer(4),
                          "smaller connected regions (pixels) are ignored"),
        ],
        disclosure: .algorithmicallyEnhanced, altersPixels: false)

    public let method: Method
    private let model: StoredModel
    private let parameters: StageParameters

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        guard let reference = Self.model(for: parameters) else {
            throw .refused(stage: Self.descriptor.name, cause: "no model given")
        }
        model = try models.load(reference)
        method = .trainedModel(model.identity)
        self.parameters = parameters
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        let output = try TiledInference(model: model, context: context)
            .run(image.rgbPlanes, outputs: 1, width: image.width, height: image.height)
        let threshold = Float(parameters.number("threshold"))
        var mask = DamageMask(width: image.width, height: image.height,
                              values: output[0].map { $0 > threshold ? 1 : 0 })
        MaskMorphology.removeRegions(smallerThan: parameters.integer("min-region"), in: &mask)
        MaskMorphology.dilate(&mask, radius: parameters.integer("dilate"))
        return StageOutput(image: image, mask: mask)
    }
}
