import Disclosure
import Inference

/// `detect-damage`: a trained detector's per-pixel damage probability, thresholded, becomes the mask later
/// stages (inpainting) repair. Each 8-connected region of it is then judged as a whole, and left out of the
/// mask (never filled) when it is smaller than `min-region` (a speck of noise), larger than `max-region`
/// (damage that large is for a conservator to paint, not for a model to invent), or when the detector's
/// mean probability over it is below `min-confidence` (the detector was unsure). What is kept is grown by
/// `dilate`. The step records the regions marked and how many were dropped for which reason; the image
/// itself is passed on unchanged.
///
/// Model I/O (issue 4): 1×3×H×W sRGB in [0, 1] → 1×1×H×W probability. Gray images are given as RGB.
public struct DamageDetection: Stage {
    public static let descriptor = StageDescriptor(
        // 2: regions over max-region or under min-confidence are dropped (by default too)
        // 3: the default detector is damage-unet@4 at its calibrated threshold 0.99
        name: "detect-damage", version: "3",
        summary: "Finds scratches, dust, cracks and tears; outputs a mask and leaves the pixels unchanged.",
        parameters: [
            ParameterSpec("model", .model, default: .text("damage-unet@4"), "the detector"),
            .precision(default: .fp32),
            // damage-unet@4's threshold calibrated on held-out photographs for false positives (its card);
            // a pipeline pinning an older version pins its threshold with it (damage-unet@3 0.95, @2 0.5).
            ParameterSpec("threshold", .number(0...1), default: .number(0.99), "probability above which a pixel is damage"),
            ParameterSpec("dilate", .integer(0...64), default: .integer(2), "pixels to grow the mask by"),
            ParameterSpec("min-region", .integer(1...1_000_000), default: .integer(4),
                          "smaller connected regions (pixels) are ignored"),
            ParameterSpec("max-region", .integer(1...1_000_000_000), default: .integer(40_000),
                          "larger connected regions (pixels, before dilate) are left out of the mask, not filled: "
                              + "damage that large is for a conservator to paint"),
            ParameterSpec("min-confidence", .number(0...1), default: .number(0.6),
                          "a region is kept only if the detector's mean probability over it reaches this"),
        ],
        disclosure: .algorithmicallyEnhanced, altersPixels: false, needsSourceGrid: true)

    public let method: Method
    public var precision: Precision? { model.network.precision }
    private let model: StoredModel
    private let parameters: StageParameters

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        model = try Self.loadModel(parameters, from: models)
        method = .trainedModel(model.identity)
        self.parameters = parameters
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        let output = try TiledInference(model: model, context: context)
            .run(image.rgbPlanes, outputs: 1, width: image.width, height: image.height)
        let probability = output[0]
        let threshold = Float(parameters.number("threshold"))
        var mask = DamageMask(width: image.width, height: image.height,
                              values: probability.map { $0 > threshold ? 1 : 0 })
        let (minimum, maximum) = (parameters.integer("min-region"), parameters.integer("max-region"))
        let confidence = Float(parameters.number("min-confidence"))
        var dropped: [String: Int] = [:]
        let refused = MaskRegion.regions(of: mask).filter { region in
            let reason: String? = if region.area < minimum {
                "smaller-than-min-region"
            } else if region.area > maximum {
                "larger-than-max-region"
            } else if region.pixels.reduce(Float(0), { $0 + probability[$1] }) / Float(region.area) < confidence {
                "below-min-confidence"
            } else {
                nil
            }
            if let reason { dropped[reason, default: 0] += 1 }
            return reason != nil
        }
        MaskMorphology.clear(refused, in: &mask)
        MaskMorphology.dilate(&mask, radius: parameters.integer("dilate"))
        var regions = RegionSummary(marked: mask)
        regions.dropped = dropped
        return StageOutput(image: image, mask: mask, regions: regions)
    }
}
