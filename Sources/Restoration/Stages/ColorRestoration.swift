import Inference
import Raster

/// `restore-color`: undoes fading, casts and contrast loss with one global transform per image, decided
/// on the whole picture and applied to every pixel (no tiles, no seams, 16-bit friendly).
///
/// - `method: model` (default): a trained model looks at a 256×256 area-averaged proxy and predicts
///   per-channel tone curves (`curves`, 1×3×K, values at x = i/(K−1)) and a 3×4 matrix `[M | b]`
///   (`matrix`); each pixel becomes `clip(M · curve(rgb) + b)` (issue 5's I/O convention).
/// - `method: gray-world`: scales each channel so its mean equals the mean of all three.
/// - `method: auto-levels`: stretches each channel so its `clip` and `100 − clip` percentiles reach 0 and 1.
///
/// A gray image gets the transform on its gray repeated in three channels, and keeps the result's luma.
public struct ColorRestoration: Stage {
    public static let descriptor = StageDescriptor(
        name: "restore-color", version: "1",
        summary: "Undoes fading, color casts and contrast loss (trained model, gray-world or auto-levels).",
        parameters: [
            ParameterSpec("method", .choice(["model", "gray-world", "auto-levels"]), default: .text("model"),
                          "how the transform is found"),
            ParameterSpec("model", .model, default: .text("color-restore@1"), "the model, for method: model"),
            .precision(default: .fp32),
            ParameterSpec("clip", .number(0...10), default: .number(0.5),
                          "percent of darkest and brightest samples auto-levels lets clip"),
        ],
        disclosure: .algorithmicallyEnhanced)

    /// The proxy side the model was trained on.
    static let proxySize = 256

    public let method: Method
    private let model: StoredModel?
    public var precision: Precision? { model?.network.precision }
    private let parameters: StageParameters

    public static func model(for parameters: StageParameters) -> ModelReference? {
        parameters.text("method") == "model" ? parameters.text("model").flatMap(ModelReference.init) : nil
    }

    public init(parameters: StageParameters, models: ModelStore) throws(RestorationError) {
        self.parameters = parameters
        if Self.model(for: parameters) != nil {
            let loaded = try Self.loadModel(parameters, from: models)
            model = loaded
            method = .trainedModel(loaded.identity)
        } else {
            model = nil
            method = .classical(algorithm: parameters.text("method") ?? "gray-world")
        }
    }

    public func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        let rgb = image.rgbPlanes
        let restored: [[Float]]
        if let model {
            restored = try Self.modelTransform(model, rgb, width: image.width, height: image.height, context: context)
        } else if parameters.text("method") == "auto-levels" {
            restored = rgb.map { Self.autoLevels($0, clipPercent: parameters.number("clip")) }
        } else {
            restored = Self.grayWorld(rgb)
        }
        var result = image
        result.planes = image.isGray
            ? [WorkingImage(width: image.width, height: image.height, planes: restored).luma]
            : restored
        return StageOutput(image: result)
    }

    static func grayWorld(_ rgb: [[Float]]) -> [[Float]] {
        let means = rgb.map { plane in plane.reduce(0, +) / Float(max(plane.count, 1)) }
        let target = means.reduce(0, +) / 3
        return zip(rgb, means).map { plane, mean in
            let gain = mean > 0 ? target / mean : 1
            return plane.map { min(max($0 * gain, 0), 1) }
        }
    }

    static func autoLevels(_ plane: [Float], clipPercent: Double) -> [Float] {
        guard !plane.isEmpty else { return plane }
        let sorted = plane.sorted()
        let cut = Int(Double(sorted.count - 1) * clipPercent / 100)
        let (low, high) = (sorted[cut], sorted[sorted.count - 1 - cut])
        guard high > low else { return plane }
        return plane.map { min(max(($0 - low) / (high - low), 0), 1) }
    }

    private static func modelTransform(_ model: StoredModel, _ rgb: [[Float]], width: Int, height: Int,
                                       context: StageContext) throws(RestorationError) -> [[Float]] {
        let area = AreaAverage(sourceWidth: width, sourceHeight: height, width: proxySize, height: proxySize)
        let proxy = rgb.flatMap { area($0) }
        let outputs: [String: Tensor]
        do {
            let session = InferenceSession(model: model.network, threads: context.threads)
            guard let input = model.network.inputs.first?.name else {
                throw RestorationError.unexpectedOutput(file: model.network.file, cause: "the model has no input")
            }
            outputs = try session.run([input: Tensor(shape: [1, 3, proxySize, proxySize], values: proxy)])
        } catch let error as RestorationError {
            throw error
        } catch let error as InferenceError {
            throw .inference(file: model.network.file, cause: error.description)
        } catch {
            throw .inference(file: model.network.file, cause: "\(error)")
        }
        guard let curves = outputs["curves"], curves.shape.count == 3, curves.shape[1] == 3, curves.shape[2] >= 2,
              let matrix = outputs["matrix"], matrix.shape == [1, 3, 4] else {
            throw .unexpectedOutput(file: model.network.file, cause: "expected outputs 'curves' 1x3xK and "
                + "'matrix' 1x3x4, got " + outputs.map { "\($0.key) \($0.value.shape)" }.sorted().joined(separator: ", "))
        }
        return apply(curves: curves.values, points: curves.shape[2], matrix: matrix.values, to: rgb)
    }

    /// Piecewise-linear tone curves (per channel, `points` values at x = i/(points−1)), then `[M | b]`, one
    /// output plane at a time with the curves evaluated where needed: no toned copy of the image is made (a
    /// 24 MP scan's planes are 288 MB).
    static func apply(curves: [Float], points: Int, matrix m: [Float], to rgb: [[Float]]) -> [[Float]] {
        let count = rgb[0].count
        func tone(_ channel: Int, _ value: Float) -> Float {
            let x = min(max(value, 0), 1) * Float(points - 1)
            let i = min(Int(x), points - 2)
            let t = x - Float(i)
            return curves[channel * points + i] * (1 - t) + curves[channel * points + i + 1] * t
        }
        var result = [[Float]](repeating: [], count: 3)
        for row in 0..<3 {
            let (r, g, b, offset) = (m[row * 4], m[row * 4 + 1], m[row * 4 + 2], m[row * 4 + 3])
            result[row] = [Float](unsafeUninitializedCapacity: count) { plane, initialized in
                rgb[0].withUnsafeBufferPointer { red in
                    rgb[1].withUnsafeBufferPointer { green in
                        rgb[2].withUnsafeBufferPointer { blue in
                            for pixel in 0..<count {
                                let mixed: Float = r * tone(0, red[pixel]) + g * tone(1, green[pixel]) + b * tone(2, blue[pixel])
                                plane[pixel] = min(max(mixed + offset, 0), 1)
                            }
                        }
                    }
                }
                initialized = count
            }
        }
        return result
    }
}
