import Disclosure
import Inference

/// One step of restoration: takes the working image, returns a new one (and perhaps a mask).
///
/// A stage knows its model and parameters but not where files live. It is made once per run from its
/// validated parameters, then applied; ``StageChain`` runs stages in order, passes each one's mask to the
/// stages after it, and blends every output with its input by the step's `strength`, so a stage itself
/// never deals with blending.
///
/// ```swift
/// struct Invert: Stage {
///     static let descriptor = StageDescriptor(
///         name: "invert", version: "1", summary: "Turns a negative into a positive.",
///         parameters: [], disclosure: .algorithmicallyEnhanced)
///     let method = Method.classical(algorithm: "invert")
///
///     init(parameters: StageParameters, models: ModelStore) {}
///
///     func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
///         var result = image
///         result.planes = image.planes.map { $0.map { 1 - $0 } }
///         return StageOutput(image: result)
///     }
/// }
/// ```
public protocol Stage: Sendable {
    /// Name, version, parameters and disclosure class.
    static var descriptor: StageDescriptor { get }

    /// The model these parameters call for, or nil for a classical configuration. Validation checks that
    /// it is in the model store before anything runs.
    static func model(for parameters: StageParameters) -> ModelReference?

    /// The strongest disclosure class a stage configured with `parameters` can claim (the descriptor's,
    /// unless a configuration rules out the model: `inpaint` with `method: telea`). What a run actually did
    /// may be weaker still (``StageOutput/disclosure``).
    static func disclosure(for parameters: StageParameters) -> DigitalSourceType

    /// Makes the stage, loading its model (hash-checked) from `models` when it has one.
    init(parameters: StageParameters, models: ModelStore) throws(RestorationError)

    /// How this configured stage computes: the model it loaded, or the classical algorithm.
    var method: Method { get }

    /// The arithmetic its model loaded in (what its `precision` parameter asked, or fp32 where the CPU
    /// has no bf16 path); nil for a stage without a model.
    var precision: Precision? { get }

    /// Refuses an input the stage cannot work on (a color photograph for colorization, an image too small),
    /// before any stage of the chain has run: a refusal must not come after minutes of other stages' work.
    func check(_ image: WorkingImage) throws(RestorationError)

    /// Runs the stage on `image`.
    func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput
}

extension Stage {
    public func check(_ image: WorkingImage) throws(RestorationError) {}

    public static func model(for parameters: StageParameters) -> ModelReference? {
        parameters.text("model").flatMap(ModelReference.init)
    }

    public static func disclosure(for parameters: StageParameters) -> DigitalSourceType { descriptor.disclosure }

    public var precision: Precision? { nil }

    /// Loads (hash-checked) the model `parameters` call for, in the precision they ask, refusing a
    /// configuration that names none.
    static func loadModel(_ parameters: StageParameters, from models: ModelStore) throws(RestorationError) -> StoredModel {
        guard let reference = model(for: parameters) else {
            throw .refused(stage: descriptor.name, cause: "no model given")
        }
        let precision = parameters.text("precision").flatMap(Precision.init(rawValue:)) ?? .fp32
        return try models.load(reference, precision: precision)
    }
}
