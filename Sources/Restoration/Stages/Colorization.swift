import Inference
import Raster

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
            ParameterSpec("model", .model, default: .text("colorize@4"), "the colorizer"),
            .precision(default: .fp32),
            ParameterSpec("force", .flag, default: .flag(false), "colorize even an image that is already in color"),
        ],
        disclosure: .compositeWithTrainedAlgorithmicMedia, invents: .colors)

    /// The proxy's long side.
    static let proxySide = 256
    /// The smallest long side colorized.
    static let minimumLongSide = 16
    /// Mean CIELAB chroma above which an image counts as "in color" (a gray scan with a slight tint of
    /// the paper stays below it).
    static let colorChroma: Float = 4

    public let method: Method
    private let model: StoredModel
    public var precision: Precision? { model.network.precision }
    private let force: Bool

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        model = try Self.loadModel(parameters, from: models)
        method = .trainedModel(model.identity)
        force = parameters.flag("force")
    }

    /// Colorizing a color photograph replaces real color with guesses, and a few pixels give the model
    /// nothing to see: both are refused before any stage of the pipeline runs.
    public func check(_ image: WorkingImage) throws(RestorationError) {
        guard max(image.width, image.height) >= Self.minimumLongSide else {
            throw .refused(stage: Self.descriptor.name, cause: "the image is \(image.width)×\(image.height); colorization "
                + "needs at least \(Self.minimumLongSide) pixels on its long side")
        }
        let chroma = Self.meanChroma(image)
        if chroma > Self.colorChroma && !force {
            throw .refused(stage: Self.descriptor.name, cause: "the image is already in color (mean chroma "
                + "\(Int(chroma.rounded())) > \(Int(Self.colorChroma))); set force: true to colorize it anyway")
        }
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        try check(image)
        let rgb = image.rgbPlanes
        let lightness = (0..<image.pixelCount).map { CIELab.lightness(r: rgb[0][$0], g: rgb[1][$0], b: rgb[2][$0]) }
        // The proxy keeps the image's aspect ratio; the network's size multiple is met by padding it
        // (mirrored), and the padding is cropped off the result.
        let proxy = ProxyGrid(width: image.width, height: image.height, longSide: Self.proxySide, multiple: sizeMultiple)
        let small = AreaAverage(sourceWidth: image.width, sourceHeight: image.height, width: proxy.width,
                                height: proxy.height)(lightness.map { $0 / 100 })
        let ab: Tensor
        do {
            ab = try InferenceSession(model: model.network, threads: context.threads)
                .run(Tensor(shape: [1, 1, proxy.paddedHeight, proxy.paddedWidth], values: proxy.pad(small)))
        } catch {
            throw .inference(file: model.network.file, cause: error.description)
        }
        guard ab.shape == [1, 2, proxy.paddedHeight, proxy.paddedWidth] else {
            throw .unexpectedOutput(file: model.network.file,
                                    cause: "shape \(ab.shape); expected [1, 2, \(proxy.paddedHeight), \(proxy.paddedWidth)]")
        }
        let a = proxy.crop(ab.values, plane: 0), b = proxy.crop(ab.values, plane: 1)
        // The chroma is sampled up row by row, never held at full resolution: on a 24 MP scan two more
        // full planes would be 200 MB.
        let upsampling = BilinearSampling(from: (proxy.width, proxy.height), to: (image.width, image.height))
        var planes = [[Float]](repeating: [Float](repeating: 0, count: image.pixelCount), count: 3)
        var rowA = [Float](repeating: 0, count: image.width), rowB = rowA
        for y in 0..<image.height {
            upsampling.row(y, of: a, into: &rowA)
            upsampling.row(y, of: b, into: &rowB)
            for x in 0..<image.width {
                let pixel = y * image.width + x
                let (r, g, bl) = CIELab.rgb(l: lightness[pixel], a: rowA[x], b: rowB[x])
                planes[0][pixel] = r
                planes[1][pixel] = g
                planes[2][pixel] = bl
            }
        }
        return StageOutput(image: WorkingImage(width: image.width, height: image.height, planes: planes,
                                               alpha: image.alpha))
    }

    /// The multiple the network needs. The cards of colorize@1 and @2 do not state it; their networks halve
    /// the proxy three times, so 8.
    private var sizeMultiple: Int { max(8, model.card.sizeMultiple) }

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
