/// A model as a pipeline names it: `damage-unet@1` (a version is required, so that a pipeline file
/// always means the same model).
public struct ModelReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// Parses `name@version`; nil when either part is missing.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(name: String(parts[0]), version: String(parts[1]))
    }

    public var description: String { "\(name)@\(version)" }
}
