import Pipeline
import Restoration

/// The `--json` shape of a pipeline (`pipelines list`, `pipelines show`): what the text prints, as data.
/// A file that does not validate has `valid: false` and its `error`, and nothing else but its name.
struct PipelineDescription: Encodable {
    var name: String
    var valid: Bool
    var error: String?
    var version: String?
    var file: String?
    var sha256: String?
    var description: String?
    var usesTrainedModels: Bool?
    var reviewAbove: Double?
    var stages: [Stage]?
    var output: Output?

    struct Stage: Encodable {
        var name: String
        var version: String
        /// The strongest IPTC digital source type the stage can claim as configured.
        var disclosure: String
        /// Effective parameters, defaults filled in.
        var parameters: [String: ParameterValue]
    }

    struct Output: Encodable {
        var format: String
        var bitDepth: String
        var keepIcc: Bool
        var masks: Bool
        var accessCopy: Bool
    }

    init(_ pipeline: Pipeline) {
        name = pipeline.name
        valid = true
        version = pipeline.version
        file = pipeline.file
        sha256 = pipeline.sha256
        description = pipeline.description
        usesTrainedModels = pipeline.usesTrainedModels
        reviewAbove = pipeline.reviewAbove
        stages = pipeline.stages.map { stage in
            Stage(name: stage.descriptor.name, version: stage.descriptor.version,
                  disclosure: stage.type.disclosure(for: stage.parameters).rawValue, parameters: stage.parameters.values)
        }
        let output = pipeline.output
        self.output = Output(format: output.format.rawValue, bitDepth: output.bitDepth.rawValue, keepIcc: output.keepICC,
                             masks: output.masks, accessCopy: output.accessCopy)
    }

    init(invalid name: String, error: String) {
        self.name = name
        valid = false
        self.error = error
    }
}
