/// A curator's question about originals: which match all of the given conditions.
public struct OriginalQuery: Sendable, Equatable {
    /// `tiff`, `png` or `jpeg`.
    public var format: String?
    /// Only objects recorded at or after this timestamp (catalog format, see ``Timestamp``).
    public var since: String?
    /// Every one must match (AND).
    public var tags: [TagCondition]
    /// Accepted originals, or the quarantined ones.
    public var status: StoredObject.Status

    public init(format: String? = nil, since: String? = nil, tags: [TagCondition] = [],
                status: StoredObject.Status = .accepted) {
        self.format = format
        self.since = since
        self.tags = tags
        self.status = status
    }
}

/// `GROUP:NAME=VALUE`: a metadata tag that must have exactly this value.
public struct TagCondition: Sendable, Equatable {
    public var group: String
    public var name: String
    public var value: String

    public init(group: String, name: String, value: String) {
        self.group = group
        self.name = name
        self.value = value
    }

    /// Parses `IFD0:Make=Nikon`; `nil` when the text is not of that form.
    /// The value may contain `=` and `:` (everything after the first `=` is the value).
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals]
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let group = key[..<colon]
        let name = key[key.index(after: colon)...]
        guard !group.isEmpty, !name.isEmpty else { return nil }
        self.init(group: String(group), name: String(name), value: String(text[text.index(after: equals)...]))
    }
}
