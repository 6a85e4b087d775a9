/// `inpaint`: fills the pixels an earlier stage's mask marks (named by `mask`, usually `detect-damage`), or
/// those a conservator marked in a mask file given with the run (`mask: supplied`), with a trained
/// inpainter's output; every pixel outside the hole is kept exactly as it was.
///
/// Model I/O (issue 4): 1×4×H×W — RGB with hole pixels set to 0, then the mask (1 = hole) — → 1×3×H×W
/// RGB in [0, 1]. For a gray image the output's luma is used, so the derivative stays gray.
public struct Inpainting: Stage {
    public static let descriptor = StageDescriptor(
        name: "inpaint", version: "1",
        summary: "Fills the masked holes with plausible content; composites only the hole.",
        parameters: [
            ParameterSpec("model", .model, default: .text("inpaint-unet@2"), "the inpainter"),
            ParameterSpec("mask", .earlierStage, default: .text("detect-damage"), "the stage whose mask marks the holes, or 'supplied' for a mask file given with the run"),
        ],
        disclosure: .compositeWithTrainedAlgorithmicMedia)

    public let method: Method
    private let model: StoredModel
    private let maskSource: String

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        guard let reference = Self.model(for: parameters) else {
            throw .refused(stage: Self.descriptor.name, cause: "no model given")
        }
        model = try models.load(reference)
        method = .trainedModel(model.identity)
        maskSource = parameters.text("mask") ?? "detect-damage"
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        guard let mask = context.masks[maskSource] else {
            throw .refused(stage: Self.descriptor.name,
                           cause: "no mask from '\(maskSource)' (it must run earlier in the pipeline)")
        }
        guard mask.values.contains(1) else { return StageOutput(image: image, mask: mask) }
        // The model reads RGB with the holes set to 0, then the mask; only windows whose core has a hole run
        // (nothing outside a hole is kept from the model, so the others would be wasted work).
        let rgb = image.rgbPlanes, hole = mask.values, width = image.width
        let filled = try TiledInference(model: model, context: context).run(
            channels: 4, outputs: 3, width: image.width, height: image.height,
            needed: { rows, columns in mask.marksSome(rows: rows, columns: columns) }
        ) { channel, y, x, count, destination in
            let start = y * width + x
            if channel == 3 {
                for i in 0..<count { destination[i] = Float(hole[start + i]) }
            } else {
                rgb[channel].withUnsafeBufferPointer { plane in
                    for i in 0..<count { destination[i] = hole[start + i] == 1 ? 0 : plane[start + i] }
                }
            }
        }
        let fill = image.isGray
            ? [WorkingImage(width: image.width, height: image.height, planes: filled).luma]
            : filled
        var result = image
        for plane in result.planes.indices {
            for pixel in 0..<image.pixelCount where mask.values[pixel] == 1 {
                result.planes[plane][pixel] = min(max(fill[plane][pixel], 0), 1)
            }
        }
        return StageOutput(image: result, mask: mask)
    }
}
