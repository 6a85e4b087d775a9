/// A curator's question about originals: which match all of the given conditions.
///
/// Conditions on the original itself (format, recording time, folder, tags, status) and conditions on what
/// was made from it (``RunFilter``): an original matches when at least one of its runs meets every run
/// condition. Empty conditions match everything.
public struct OriginalQuery: Sendable, Equatable {
    /// `tiff`, `png` or `jpeg`.
    public var format: String?
    /// Only objects recorded at or after this timestamp (catalog format, see ``Timestamp``).
    public var since: String?
    /// Only objects recorded before this timestamp.
    public var until: String?
    /// Only objects seen at a path inside this folder (absolute, without a trailing slash).
    public var folder: String?
    /// Every one must match (AND).
    public var tags: [TagCondition]
    /// Accepted originals, or the quarantined ones.
    public var status: StoredObject.Status
    /// Conditions on the runs (derivatives) made from the original.
    public var runs: RunFilter

    public init(format: String? = nil, since: String? = nil, until: String? = nil, folder: String? = nil,
                tags: [TagCondition] = [], status: StoredObject.Status = .accepted, runs: RunFilter = RunFilter()) {
        self.format = format
        self.since = since
        self.until = until
        self.folder = folder
        self.tags = tags
        self.status = status
        self.runs = runs
    }
}

/// Conditions on a pipeline run and its steps, for curators' questions such as "which images did
/// inpaint-unet@1 touch" (a model recall) or "which were colorized".
///
/// The step conditions (``stage``, ``model``, ``changedMoreThan``) must hold for one and the same step:
/// `stage: inpaint, changedMoreThan: 0.05` asks for an inpainting step that changed more than 5% of the
/// pixels, not for any inpainting in a run where some other step changed 5%.
public struct RunFilter: Sendable, Equatable {
    /// `true`: runs in which a trained model changed pixels (AI-altered); `false`: originals without any
    /// AI-altered run (never restored, or only by classical methods), and of their runs the others.
    public var aiAltered: Bool?
    /// A stage name (`inpaint`, `colorize`, ...).
    public var stage: String?
    /// A model, with or without its version.
    public var model: NameAndVersion?
    /// An IPTC Digital Source Type term (`compositeWithTrainedAlgorithmicMedia`) the run discloses.
    public var digitalSourceType: String?
    /// A pipeline, with or without its version.
    public var pipeline: NameAndVersion?
    /// A step changed more than this fraction of the pixels (0...1).
    public var changedMoreThan: Double?
    /// A run recorded in this review state (``ReviewState/proposed``: it awaits a curator).
    public var reviewState: ReviewState?

    public init(aiAltered: Bool? = nil, stage: String? = nil, model: NameAndVersion? = nil,
                digitalSourceType: String? = nil, pipeline: NameAndVersion? = nil, changedMoreThan: Double? = nil,
                reviewState: ReviewState? = nil) {
        self.aiAltered = aiAltered
        self.stage = stage
        self.model = model
        self.digitalSourceType = digitalSourceType
        self.pipeline = pipeline
        self.changedMoreThan = changedMoreThan
        self.reviewState = reviewState
    }

    /// Whether any condition is set.
    public var isEmpty: Bool { self == RunFilter() }

    /// Whether a step condition is set.
    var constrainsSteps: Bool { stage != nil || model != nil || changedMoreThan != nil }
}

/// `NAME` or `NAME@VERSION`, as models and pipelines are referred to.
public struct NameAndVersion: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// `nil`: any version.
    public var version: String?

    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// Parses `inpaint-unet` or `inpaint-unet@1`; `nil` for an empty name or version.
    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty, parts.count == 1 || !parts[1].isEmpty else { return nil }
        self.init(name: name, version: parts.count == 2 ? parts[1] : nil)
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
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
