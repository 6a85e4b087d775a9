import Restoration

/// A validated pipeline: a named, versioned chain of configured stages and the output settings.
/// Made only by ``PipelineReader``, so every stage, parameter, mask source and model has been checked.
///
/// ```swift
/// let pipeline = try PipelineReader(models: ModelStore(directory: "Models")).read("Pipelines/classical.yaml")
/// print(pipeline.stages.map(\.descriptor.name))   // ["restore-color", "sharpen"]
/// ```
public struct Pipeline: Sendable {
    public var name: String
    public var description: String
    public var version: String
    /// The file it was read from.
    public var file: String
    /// SHA-256 of the file's bytes, recorded with every run.
    public var sha256: String
    public var stages: [ConfiguredStage]
    public var output: OutputSettings
    /// `review-above`: a run that fills or invents more than this fraction of the pixels is recorded as
    /// awaiting a curator's review (``RunReview``); nil when the pipeline sets none.
    public var reviewAbove: Double?

    /// Whether any stage, as configured, runs a trained model (its runs will be AI-altered).
    public var usesTrainedModels: Bool {
        stages.contains { $0.type.model(for: $0.parameters) != nil }
    }

    /// Whether a stage takes its mask from a file given with the run (`mask: supplied`), which every run
    /// of the pipeline must then be given.
    public var needsSuppliedMask: Bool {
        stages.contains { $0.descriptor.takesSuppliedMask($0.parameters) }
    }
}
