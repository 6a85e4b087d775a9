/// What pins a model exactly: its name, version and the SHA-256 of its ONNX file.
public struct ModelIdentity: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var version: String
    public var sha256: String

    public init(name: String, version: String, sha256: String) {
        self.name = name
        self.version = version
        self.sha256 = sha256
    }

    /// `name@version`, as pipelines name a model.
    public var reference: String { "\(name)@\(version)" }
}
