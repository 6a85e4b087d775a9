import Inference

/// `colorize`: a trained model predicts CIELAB chroma (a*, b*) for a black-and-white photograph from a
/// proxy of its lightness; the chroma is upsampled and joined with the full-resolution L* of the input,
/// so the output's lightness is the input's.
///
/// An image that is already in color is refused unless `force: true` (then its own lightness is used):
/// colorizing a color photograph replaces real color with guesses.
///
/// Model I/O (issue 5): 1×1×H×W L*/100 proxy (long side 256, sides multiples of the card's multiple) →
/// 1×2×H×W a*, b*.
public struct Colorization: Stage {
    public static let descriptor = StageDescriptor(
        name: "colorize", version: "1",
        summary: "Adds plausible (invented) color to a black-and-white photograph; keeps its lightness.",
        parameters: [
            ParameterSpec("model", .model, default: .text("colorize@2"), "the colorizer"),
            ParameterSpec("force", .flag, default: .flag(false), "colorize even an image that is already in color"),
        ],
        disclosure: .compositeWithTrainedAlgorithmicMedia)

    /// The proxy's long side.
    static let proxySide = 256
    /// Mean CIELAB chroma above which an image counts as "in color" (a gray scan with a slight tint of
    /// the paper stays below it).
    static let colorChroma: Float = 4

    public let method: Method
    private let model: StoredModel
    private let force: Bool

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        guard let reference = Self.model(for: parameters) else {
            throw .refused(stage: Self.descriptor.name, cause: "no model given")
        }
        model = try models.load(reference)
        method = .trainedModel(model.identity)
        force = parameters.flag("force")
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        let chroma = Self.meanChroma(image)
        if chroma > Self.colorChroma && !force {
            throw .refused(stage: Self.descriptor.name, cause: "the image is already in color (mean chroma "
                + "\(Int(chroma.rounded())) > \(Int(Self.colorChroma))); set force: true to colorize it anyway")
        }
        let rgb = image.rgbPlanes
        let lightness = (0..<image.pixelCount).map { CIELab.lightness(r: rgb[0][$0], g: rgb[1][$0], b: rgb[2][$0]) }
        let (proxyWidth, proxyHeight) = proxySize(width: image.width, height: image.height)
        let proxy = Resampling.area(lightness.map { $0 / 100 }, width: image.width, height: image.height,
                                    toWidth: proxyWidth, toHeight: proxyHeight)
        let ab: Tensor
        do {
            ab = try InferenceSession(model: model.network, threads: context.threads)
                .run(Tensor(shape: [1, 1, proxyHeight, proxyWidth], values: proxy))
        } catch {
            throw .inference(file: model.network.file, cause: error.description)
        }
        guard ab.shape == [1, 2, proxyHeight, proxyWidth] else {
            throw .unexpectedOutput(file: model.network.file,
                                    cause: "shape \(ab.shape); expected [1, 2, \(proxyHeight), \(proxyWidth)]")
        }
        let values = ab.values
        let plane = proxyWidth * proxyHeight
        let (a, b) = (Array(values[0..<plane]), Array(values[plane..<(2 * plane)]))
        let fullA = Resampling.bilinear(a, width: proxyWidth, height: proxyHeight, toWidth: image.width, toHeight: image.height)
        let fullB = Resampling.bilinear(b, width: proxyWidth, height: proxyHeight, toWidth: image.width, toHeight: image.height)
        var planes = [[Float]](repeating: [Float](repeating: 0, count: image.pixelCount), count: 3)
        for pixel in 0..<image.pixelCount {
            let (r, g, bl) = CIELab.rgb(l: lightness[pixel], a: fullA[pixel], b: fullB[pixel])
            planes[0][pixel] = r
            planes[1][pixel] = g
            planes[2][pixel] = bl
        }
        return StageOutput(image: WorkingImage(width: image.width, height: image.height, planes: planes,
                                               alpha: image.alpha))
    }

    /// Long side 256 (or the image's, if smaller), both sides rounded to the card's multiple.
    private func proxySize(width: Int, height: Int) -> (Int, Int) {
        let multiple = model.card.sizeMultiple
        let scale = min(1, Double(Self.proxySide) / Double(max(width, height)))
        func side(_ length: Int) -> Int {
            max(multiple, Int((Double(length) * scale / Double(multiple)).rounded()) * multiple)
        }
        return (side(width), side(height))
    }

    /// Mean CIELAB chroma over a sample of pixels (every pixel of a small image).
    public static func meanChroma(_ image: WorkingImage) -> Float {
        guard !image.isGray, image.pixelCount > 0 else { return 0 }
        let step = max(1, image.pixelCount / 65536)
        var total: Float = 0
        var count = 0
        for pixel in stride(from: 0, to: image.pixelCount, by: step) {
            total += CIELab.chroma(r: image.planes[0][pixel], g: image.planes[1][pixel], b: image.planes[2][pixel])
            count += 1
        }
        return total / Float(count)
    }
}
