/// A model as a pipeline or a command names it: `damage-unet@2` pins one version; a bare `damage-unet`
/// means the newest version the model store holds. Whichever was asked for, a run records the exact
/// name, version and SHA-256 it loaded (``ModelIdentity``), so a bare name never blurs a step's record;
/// the shipped pipelines pin versions all the same, so that the same pipeline file means the same models.
public struct ModelReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    /// nil: the newest version in the store.
    public var version: String?

    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }

    /// Parses `name@version` or a bare `name`; nil when a part is empty or there is more than one `@`.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts.count <= 2, parts.count == 1 || !parts[1].isEmpty else { return nil }
        self.init(name: String(parts[0]), version: parts.count == 2 ? String(parts[1]) : nil)
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
}
