import Fixity
import Foundation
import ImageSource
import Restoration
import YAMLConfiguration

/// Reads a pipeline file and validates it completely before anything runs: every stage name, parameter,
/// range, mask source and model. All problems are reported at once, each as `FILE:LINE:COLUMN: message`
/// with the allowed values, so a curator fixes the file in one pass.
///
/// ```swift
/// let reader = PipelineReader(models: ModelStore(directory: "Models"), library: "Pipelines")
/// let pipeline = try reader.read("classical")            // Pipelines/classical.yaml
/// let custom = try reader.read("/srv/museum/repair.yaml")
/// ```
public struct PipelineReader: Sendable {
    public let models: ModelStore
    /// The folder of named pipelines (`Pipelines/`).
    public let library: String

    public init(models: ModelStore, library: String = "Pipelines") {
        self.models = models
        self.library = library
    }

    /// The file `reference` means: a path when it contains `/` or ends in `.yaml`/`.yml`, else
    /// `<library>/<reference>.yaml`.
    public func path(of reference: String) -> String {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
            ? reference : "\(library)/\(reference).yaml"
    }

    /// Reads and validates the pipeline `reference` names.
    public func read(_ reference: String) throws(PipelineError) -> Pipeline {
        let file = path(of: reference)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: library)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw .unreadable(file: file, cause: "\(error.localizedDescription) (pipelines in \(library): "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")")
        }
        let sha256 = ContentHash.sha256(data)
        return try validate(yaml: String(decoding: data, as: UTF8.self), file: file, sha256: sha256)
    }

    /// Validates pipeline text; `file` names it in errors.
    public func validate(yaml: String, file: String, sha256: String) throws(PipelineError) -> Pipeline {
        var problems: [ConfigurationError] = []
        func attempt<T>(_ body: () throws(ConfigurationError) -> T) -> T? {
            do { return try body() } catch { problems.append(error); return nil }
        }
        guard let root = attempt({ () throws(ConfigurationError) in
            try YAMLNode.root(of: yaml, file: file).mapping(allowing: ["name", "description", "version", "stages", "output", "review-above"])
        }) else { throw .invalid(file: file, problems: problems) }

        let name = root["name"].flatMap { node in attempt { () throws(ConfigurationError) in try node.text() } }
        if root["name"] == nil { problems.append(ConfigurationError(file: file, line: 1, column: 1, message: "no 'name'")) }
        let description = root["description"].flatMap { node in attempt { () throws(ConfigurationError) in try node.text() } }
        let version = root["version"].flatMap { node in attempt { () throws(ConfigurationError) in try node.text() } }
        var stages: [ConfiguredStage] = []
        if let list = root["stages"] {
            stages = readStages(list, problems: &problems)
        } else {
            problems.append(ConfigurationError(file: file, line: 1, column: 1,
                                               message: "no 'stages'; list at least one of: "
                                                   + StageRegistry.names.joined(separator: ", ")))
        }
        let output = root["output"].flatMap { node in attempt { () throws(ConfigurationError) in try readOutput(node) } }
        let reviewAbove = root["review-above"].flatMap { node in
            attempt { () throws(ConfigurationError) in
                try YAMLNode(node: node.node, file: node.file, what: "'review-above' (a fraction of the pixels)")
                    .number(in: 0...1)
            }
        }
        guard problems.isEmpty, let name else { throw .invalid(file: file, problems: problems) }
        return Pipeline(name: name, description: description ?? "", version: version ?? "1", file: file,
                        sha256: sha256, stages: stages, output: output ?? OutputSettings(), reviewAbove: reviewAbove)
    }

    private func readStages(_ list: YAMLNode, problems: inout [ConfigurationError]) -> [ConfiguredStage] {
        let entries: [YAMLNode]
        do {
            entries = try list.sequence(of: "a stage")
        } catch {
            problems.append(error)
            return []
        }
        if entries.isEmpty {
            problems.append(list.error("'stages' is empty; list at least one of: " + StageRegistry.names.joined(separator: ", ")))
        }
        var stages: [ConfiguredStage] = []
        var earlier: [String] = []
        var resizer: String?
        for entry in entries {
            do {
                let stage = try readStage(entry, earlier: earlier, problems: &problems)
                let name = stage.descriptor.name
                if let resizer, stage.descriptor.needsSourceGrid {
                    problems.append(entry.error("\(name) works on the original's pixel grid (its masks are drawn and "
                        + "recorded there), so it must come before \(resizer), which changes the image's size"))
                }
                if stage.descriptor.resizes { resizer = resizer ?? name }
                stages.append(stage)
                earlier.append(name)
            } catch {
                problems.append(error)
            }
        }
        return stages
    }

    /// One `- name: { parameters }` entry. Parameter problems are collected; an unusable entry throws.
    private func readStage(_ entry: YAMLNode, earlier: [String], problems: inout [ConfigurationError])
        throws(ConfigurationError) -> ConfiguredStage {
        guard let mapping = entry.node.mapping, mapping.count == 1, let (key, value) = mapping.first else {
            throw entry.error("a stage must be one 'name: {parameters}' entry; stages: "
                              + StageRegistry.names.joined(separator: ", "))
        }
        let keyNode = YAMLNode(node: key, file: entry.file, what: "a stage name")
        let stageName = try keyNode.text()
        guard let type = StageRegistry.stage(named: stageName) else {
            throw keyNode.error("unknown stage '\(stageName)'; allowed: " + StageRegistry.names.joined(separator: ", "))
        }
        let descriptor = type.descriptor
        var given: [String: ParameterValue] = [:]
        var nodes: [String: YAMLNode] = [:]
        let reported = problems.count
        // `- sharpen:` with nothing after it takes every default.
        if !(value.scalar.map { $0.string.isEmpty || $0.string == "~" || $0.string == "null" } ?? false) {
            let settings = YAMLNode(node: value, file: entry.file, what: "the parameters of \(stageName)")
            for (parameter, node) in try settings.mapping(allowing: descriptor.parameters.map(\.name)) {
                guard let spec = descriptor.parameter(parameter) else { continue }
                let described = YAMLNode(node: node.node, file: node.file, what: "\(stageName) '\(parameter)'")
                do {
                    given[parameter] = try Self.value(of: described, as: spec, earlier: earlier)
                    nodes[parameter] = described
                } catch {
                    problems.append(error)
                }
            }
        }
        var parameters = StageParameters(given: given, descriptor: descriptor)
        // A default model that the configuration does not use (restore-color with a classical method) would
        // read, in the recorded parameters, as if a model had touched the image; so would its precision.
        if type.model(for: parameters) == nil && given["model"] == nil { parameters.values["model"] = nil }
        if type.model(for: parameters) == nil && given["precision"] == nil { parameters.values["precision"] = nil }
        // A parameter already reported wrong would make the checks below judge its default instead; a model
        // named outright is still checked (a missing one is reported with the other problems, not after them).
        let parametersAreWrong = problems.count != reported
        if let reference = type.model(for: parameters), !parametersAreWrong || given["model"] != nil {
            do {
                _ = try models.card(for: reference)
            } catch {
                let place = nodes["model"] ?? keyNode
                let origin = nodes["model"] == nil ? " (the default of \(stageName))" : ""
                problems.append(place.error("missing model \(reference)\(origin): \(error)"))
            }
        }
        guard !parametersAreWrong else { return ConfiguredStage(type: type, parameters: parameters) }
        if let maskSpec = descriptor.parameters.first(where: { $0.kind == .earlierStage }), nodes[maskSpec.name] == nil,
           let source = parameters.text(maskSpec.name), !earlier.contains(source) {
            problems.append(keyNode.error("\(stageName) takes its mask from '\(source)' (the default), which is not "
                + "an earlier stage; " + Self.maskSources(earlier)))
        }
        return ConfiguredStage(type: type, parameters: parameters)
    }

    /// Where a stage's mask may come from, for error messages.
    private static func maskSources(_ earlier: [String]) -> String {
        "earlier stages: " + (earlier.isEmpty ? "none" : earlier.joined(separator: ", "))
            + "; or '\(StageContext.suppliedMask)' for a mask file given with the run (process --mask)"
    }

    private static func value(of node: YAMLNode, as spec: ParameterSpec, earlier: [String])
        throws(ConfigurationError) -> ParameterValue {
        switch spec.kind {
        case .number(let range): return .number(try node.number(in: range))
        case .integer(let range): return .integer(try node.integer(in: range))
        case .flag: return .flag(try node.flag())
        case .choice(let words): return .text(try node.choice(words))
        case .model:
            let text = try node.text()
            guard ModelReference(text) != nil else {
                throw node.error("\(node.what) is '\(text)'; allowed: a model as name@version (e.g. damage-unet@2) or a bare name for the newest version")
            }
            return .text(text)
        case .earlierStage:
            let text = try node.text()
            guard earlier.contains(text) || text == StageContext.suppliedMask else {
                throw node.error("\(node.what) is '\(text)', which is not an earlier stage; " + Self.maskSources(earlier))
            }
            return .text(text)
        }
    }

    private func readOutput(_ node: YAMLNode) throws(ConfigurationError) -> OutputSettings {
        let keys = try YAMLNode(node: node.node, file: node.file, what: "'output'")
            .mapping(allowing: ["format", "bit-depth", "keep-icc", "masks", "access-copy"])
        var settings = OutputSettings()
        if let format = keys["format"] {
            settings.format = ImageFormat(rawValue: try format.choice(ImageFormat.allCases.map(\.rawValue)))!
        }
        if let depth = keys["bit-depth"] {
            settings.bitDepth = OutputSettings.BitDepth(rawValue: try depth.choice(OutputSettings.BitDepth.allCases.map(\.rawValue)))!
            if settings.format == .jpeg && settings.bitDepth == .sixteen {
                throw depth.error("'bit-depth' 16 is impossible in JPEG; allowed with format jpeg: source, 8")
            }
        }
        if let keep = keys["keep-icc"] { settings.keepICC = try keep.flag() }
        if let masks = keys["masks"] { settings.masks = try masks.flag() }
        if let access = keys["access-copy"] { settings.accessCopy = try access.flag() }
        return settings
    }
}
