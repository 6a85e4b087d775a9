import Yams

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

    /// Parses card text; `file` names it in errors.
    public init(yaml: String, file: String) throws(RestorationError) {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch {
            throw .invalidCard(file: file, cause: "not valid YAML: \(error)")
        }
        guard let root = loaded as? [String: Any] else { throw .invalidCard(file: file, cause: "not a mapping") }
        let onnx = root["file"] as? [String: Any] ?? [:]
        let io = root["io"] as? [String: Any] ?? [:]
        guard let name = root["name"] as? String else { throw .invalidCard(file: file, cause: "no 'name'") }
        guard let version = root["version"].map({ "\($0)" }) else {
            throw .invalidCard(file: file, cause: "no 'version'")
        }
        guard let sha256 = (onnx["sha256"] ?? root["sha256"]) as? String,
              sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
            throw .invalidCard(file: file, cause: "no SHA-256 of the ONNX file ('file: {sha256: ...}', 64 hex digits)")
        }
        self.file = file
        self.name = name
        self.version = version
        self.sha256 = sha256.lowercased()
        let cardName = file.split(separator: "/").last.map(String.init) ?? file
        onnxFile = onnx["onnx"] as? String
            ?? (cardName.hasSuffix(".card.yaml") ? String(cardName.dropLast(10)) : "\(name)@\(version)") + ".onnx"
        sizeMultiple = max(1, io["height_width_multiple_of"] as? Int ?? 1)
    }
}
