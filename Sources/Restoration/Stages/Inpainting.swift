import Disclosure
import Inference

/// `inpaint`: fills the pixels an earlier stage's mask marks (named by `mask`, usually `detect-damage`), or
/// those a conservator marked in a mask file given with the run (`mask: supplied`); every pixel outside the
/// hole is kept exactly as it was.
///
/// - `method: model` (default): a trained inpainter's output, for every hole.
/// - `method: telea`: Telea's classical fast-marching fill (``TeleaInpainting``, `radius`), for every hole.
///   No model is loaded and the step is not AI-altered; it is disclosed as `compositeSynthetic` (content
///   made up by an algorithm is still an edit).
/// - `method: auto`: each hole (8-connected region of the mask) at most `classical-below` pixels wide is
///   filled by Telea, wider ones by the model, which guesses better where nothing is near to copy from. The
///   step records how many regions each method filled; it is a trained-model step only when the model
///   filled at least one.
///
/// Model I/O (issue 4): 1×4×H×W — RGB, then the mask (1 = hole) — → 1×3×H×W RGB in [0, 1]. The holes of the
/// RGB hold what the model's card says (`io.inputs[0].prefill`): zeros when it says nothing (inpaint-unet@2),
/// or Telea's fill with the card's radius (`prefill: telea`, inpaint-unet@3, which was trained to correct
/// that fill). The card decides, not the version, so models of both kinds run side by side. For a gray image
/// the output's luma is used, so the derivative stays gray.
public struct Inpainting: Stage {
    public static let descriptor = StageDescriptor(
        name: "inpaint", version: "1",
        summary: "Fills the masked holes with plausible content; composites only the hole.",
        parameters: [
            ParameterSpec("method", .choice(["model", "telea", "auto"]), default: .text("model"),
                          "model: the trained inpainter; telea: classical fast-marching fill; auto: telea for "
                              + "holes up to classical-below pixels wide, the model for wider ones"),
            ParameterSpec("model", .model, default: .text("inpaint-unet@2"), "the inpainter, for method model or auto"),
            .precision(default: .fp32),
            ParameterSpec("radius", .integer(1...32), default: .integer(5),
                          "pixels around each hole pixel that telea fills it from"),
            ParameterSpec("classical-below", .integer(1...10_000), default: .integer(8),
                          "method auto: holes at most this wide (pixels) are filled by telea, wider ones by the model"),
            ParameterSpec("mask", .earlierStage, default: .text("detect-damage"), "the stage whose mask marks the holes, or 'supplied' for a mask file given with the run"),
        ],
        disclosure: .compositeWithTrainedAlgorithmicMedia, invents: .imageContent, needsSourceGrid: true)

    public let method: Method
    /// nil for `method: telea`.
    private let model: StoredModel?
    public var precision: Precision? { model?.network.precision }
    private let maskSource: String
    private let telea: TeleaInpainting
    /// Holes at most this wide go to Telea; `Int.max` for `telea`, 0 for `model`.
    private let classicalBelow: Int

    public static func model(for parameters: StageParameters) -> ModelReference? {
        parameters.text("method") == "telea" ? nil : parameters.text("model").flatMap(ModelReference.init)
    }

    public static func disclosure(for parameters: StageParameters) -> DigitalSourceType {
        parameters.text("method") == "telea" ? .compositeSynthetic : descriptor.disclosure
    }

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        maskSource = parameters.text("mask") ?? "detect-damage"
        telea = TeleaInpainting(radius: max(parameters.integer("radius"), 1))
        switch parameters.text("method") ?? "model" {
        case "telea":
            model = nil
            method = .classical(algorithm: "telea")
            classicalBelow = .max
        case let choice:
            let loaded = try Self.loadModel(parameters, from: models)
            model = loaded
            method = .trainedModel(loaded.identity)
            classicalBelow = choice == "auto" ? parameters.integer("classical-below") : 0
        }
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        guard let mask = context.masks[maskSource] else {
            throw .refused(stage: Self.descriptor.name,
                           cause: "no mask from '\(maskSource)' (it must run earlier in the pipeline)")
        }
        let regions = MaskRegion.regions(of: mask)
        let classical = regions.map { classicalBelow == .max || (classicalBelow > 0 && $0.holeWidth() <= classicalBelow) }
        var result = image
        // Telea first: the model then sees the narrow holes filled, as it sees the rest of the photograph.
        // Each Telea fill reads only pixels outside the mask, so the order among regions does not matter.
        for (region, isClassical) in zip(regions, classical) where isClassical {
            telea.fill(region, mask: mask, planes: &result.planes)
        }
        if let model, classical.contains(false) {
            var wide = DamageMask(width: mask.width, height: mask.height,
                                  values: [UInt8](repeating: 0, count: mask.values.count))
            let wideRegions = zip(regions, classical).filter { !$0.1 }.map(\.0)
            for region in wideRegions {
                for pixel in region.pixels { wide.values[pixel] = 1 }
            }
            try fillByModel(model, wide, wideRegions, into: &result, context: context)
        }
        let classicalMethod = Method.classical(algorithm: "telea")
        let summary = RegionSummary(regions, method: { (classical[$0] ? classicalMethod : method).algorithm })
        // What was done, not what was allowed: holes all narrow enough for Telea mean no model touched the
        // image. (With no hole at all, a model step stays a model step, as it was configured.)
        let onlyClassical = model == nil || (!regions.isEmpty && !classical.contains(false))
        return StageOutput(image: result, mask: mask, regions: summary, method: onlyClassical ? classicalMethod : nil,
                           disclosure: onlyClassical ? .compositeSynthetic : nil)
    }

    /// Replaces the pixels `mask` marks (its `regions`) with the model's fill. The model reads RGB with the
    /// holes as its card says (zeros, or prefilled), then the mask; only windows whose core has a hole run
    /// (nothing outside a hole is kept from the model, so the others would be wasted work).
    private func fillByModel(_ model: StoredModel, _ mask: DamageMask, _ regions: [MaskRegion],
                             into result: inout WorkingImage, context: StageContext) throws(RestorationError) {
        var holesAsCarded = result.rgbPlanes
        let hole = mask.values, width = result.width
        switch model.card.prefill {
        case nil:
            for plane in holesAsCarded.indices {
                for pixel in hole.indices where hole[pixel] == 1 { holesAsCarded[plane][pixel] = 0 }
            }
        case .telea(let radius):
            let prefill = TeleaInpainting(radius: radius)
            for region in regions { prefill.fill(region, mask: mask, planes: &holesAsCarded) }
        }
        let rgb = holesAsCarded
        let filled = try TiledInference(model: model, context: context).run(
            channels: 4, outputs: 3, width: result.width, height: result.height,
            needed: { rows, columns in mask.marksSome(rows: rows, columns: columns) }
        ) { channel, y, x, count, destination in
            let start = y * width + x
            if channel == 3 {
                for i in 0..<count { destination[i] = Float(hole[start + i]) }
            } else {
                rgb[channel].withUnsafeBufferPointer { plane in
                    for i in 0..<count { destination[i] = plane[start + i] }
                }
            }
        }
        let fill = result.isGray
            ? [WorkingImage(width: result.width, height: result.height, planes: filled).luma]
            : filled
        for plane in result.planes.indices {
            for pixel in 0..<hole.count where hole[pixel] == 1 {
                result.planes[plane][pixel] = min(max(fill[plane][pixel], 0), 1)
            }
        }
    }
}
