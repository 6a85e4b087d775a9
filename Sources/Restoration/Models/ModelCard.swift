import YAMLConfiguration

/// The fields of a model card (`Models/<name>@<version>.card.yaml`, written by `training/card.py`) that running a
/// model depends on. The rest of the card (training data, evaluation, limitations) is for people and for
/// provenance reports, and is not interpreted here.
public struct ModelCard: Sendable, Equatable {
    /// The card file.
    public var file: String
    public var name: String
    public var version: String
    /// The SHA-256 the ONNX file must have (`file.sha256`).
    public var sha256: String
    /// The ONNX file's name beside the card (`file.onnx`; when absent, the card's own file name with
    /// `.onnx` for `.card.yaml`, so `damage-unet@2.card.yaml` names `damage-unet@2.onnx`).
    public var onnxFile: String
    /// Height and width must be multiples of this (`io.height_width_multiple_of`; 1 when absent).
    public var sizeMultiple: Int
    /// What an inpainter's input holds in the holes (`io.inputs[0].prefill`); nil: zeros.
    public var prefill: Prefill?

    /// A classical fill of the holes that an inpainter corrects rather than replaces (inpaint-unet@3).
    public enum Prefill: Sendable, Equatable {
        /// Telea's fill with this radius (`prefill: telea`, `prefill_radius`), as the model was trained on it.
        case telea(radius: Int)
    }

    /// Reads the card at `path`.
    public init(contentsOf path: String) throws(RestorationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .invalidCard(file: path, cause: "cannot read: \(error.localizedDescription)")
        }
        try self.init(yaml: text, file: path)
    }

    /// Parses card text; `file` names it in errors, with line and column (`FILE:LINE:COLUMN: ...`), as the
    /// pipelines' and the configuration's are.
    public init(yaml: String, file: String) throws(RestorationError) {
        do throws(ConfigurationError) {
            let root = try YAMLNode.root(of: yaml, file: file).mapping(allowing: nil)
            let onnx = try root["file"]?.mapping(allowing: nil) ?? [:]
            let io = try root["io"]?.mapping(allowing: nil) ?? [:]
            guard let name = try root["name"]?.text() else { throw ConfigurationError(file: file, message: "no 'name'") }
            guard let version = try root["version"]?.text() else {
                throw ConfigurationError(file: file, message: "no 'version'")
            }
            guard let digest = onnx["sha256"] ?? root["sha256"] else {
                throw ConfigurationError(file: file, message: "no SHA-256 of the ONNX file ('file: {sha256: ...}')")
            }
            let sha256 = try digest.text()
            guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
                throw digest.error("the SHA-256 of the ONNX file must be 64 hex digits")
            }
            self.file = file
            self.name = name
            self.version = version
            self.sha256 = sha256.lowercased()
            let cardName = file.split(separator: "/").last.map(String.init) ?? file
            onnxFile = try onnx["onnx"]?.text()
                ?? (cardName.hasSuffix(".card.yaml") ? String(cardName.dropLast(10)) : "\(name)@\(version)") + ".onnx"
            sizeMultiple = try io["height_width_multiple_of"]?.integer(in: 1...4096) ?? 1
            let input = try io["inputs"]?.sequence(of: "an input").first?.mapping(allowing: nil) ?? [:]
            prefill = try input["prefill"].map { node throws(ConfigurationError) in
                _ = try node.choice(["telea"])
                guard let radius = input["prefill_radius"] else { throw node.error("'prefill: telea' needs 'prefill_radius'") }
                return .telea(radius: try radius.integer(in: 1...32))
            }
        } catch {
            throw .invalidCard(file: file, cause: error.description)
        }
    }
}
