import Disclosure
import Foundation

/// A curator's query as text, the way `conservator query`'s options and the web search form give it,
/// checked and turned into an ``OriginalQuery`` in one place so that both ask the catalog the same
/// question and refuse the same mistakes with the same words.
///
/// ```swift
/// var terms = QueryTerms()
/// terms.model = "inpaint-unet@1"
/// let rows = try catalog.originals(matching: try terms.query())
/// ```
public struct QueryTerms: Sendable, Equatable {
    /// `true`: AI-altered; `false`: not AI-altered; `nil`: either.
    public var aiAltered: Bool?
    public var stage: String?
    /// `NAME` or `NAME@VERSION`.
    public var model: String?
    /// A term, or the full IPTC URI.
    public var digitalSourceType: String?
    /// `NAME` or `NAME@VERSION`.
    public var pipeline: String?
    /// A fraction from 0 to 1.
    public var changedMoreThan: Double?
    /// A ``ReviewState`` raw value.
    public var reviewState: String?
    /// `YYYY-MM-DD` or ISO 8601 (UTC).
    public var since: String?
    /// Exclusive; a plain date includes that whole day.
    public var until: String?
    public var folder: String?
    /// `tiff`, `png` or `jpeg`, any case.
    public var fileFormat: String?
    /// `GROUP:NAME=VALUE` each.
    public var tags: [String]
    public var quarantined: Bool

    public init(aiAltered: Bool? = nil, stage: String? = nil, model: String? = nil, digitalSourceType: String? = nil,
                pipeline: String? = nil, changedMoreThan: Double? = nil, reviewState: String? = nil,
                since: String? = nil, until: String? = nil, folder: String? = nil, fileFormat: String? = nil,
                tags: [String] = [], quarantined: Bool = false) {
        self.aiAltered = aiAltered
        self.stage = stage
        self.model = model
        self.digitalSourceType = digitalSourceType
        self.pipeline = pipeline
        self.changedMoreThan = changedMoreThan
        self.reviewState = reviewState
        self.since = since
        self.until = until
        self.folder = folder
        self.fileFormat = fileFormat
        self.tags = tags
        self.quarantined = quarantined
    }

    /// A term that cannot be used, named as the CLI option is named without its dashes (`since`).
    public struct Mistake: Error, Sendable, Equatable, CustomStringConvertible {
        public var term: String
        /// What is wrong, to follow the term's name ("must be …").
        public var problem: String
        public var description: String { "\(term) \(problem)" }

        public init(term: String, problem: String) {
            self.term = term
            self.problem = problem
        }
    }

    /// The catalog query, or the first mistake.
    public func query() throws(Mistake) -> OriginalQuery {
        if let fileFormat, !["tiff", "png", "jpeg"].contains(fileFormat.lowercased()) {
            throw Mistake(term: "file-format", problem: "must be tiff, png or jpeg (got '\(fileFormat)')")
        }
        for (term, value) in [("since", since), ("until", until)] {
            if let value, Timestamp.parse(value) == nil {
                throw Mistake(term: term, problem: "must be a date like 2026-11-25 or 2026-11-25T08:00:00Z (got '\(value)')")
            }
        }
        for (term, value) in [("model", model), ("pipeline", pipeline)] {
            if let value, NameAndVersion(parsing: value) == nil {
                throw Mistake(term: term, problem: "must be NAME or NAME@VERSION, e.g. inpaint-unet@1 (got '\(value)')")
            }
        }
        if let changedMoreThan, !(0...1).contains(changedMoreThan) {
            throw Mistake(term: "changed-more-than", problem: "must be a fraction from 0 to 1 (got \(changedMoreThan))")
        }
        var state: ReviewState?
        if let reviewState {
            guard let known = ReviewState(rawValue: reviewState) else {
                throw Mistake(term: "review-state", problem: "must be one of "
                    + ReviewState.allCases.map(\.rawValue).joined(separator: ", ") + " (got '\(reviewState)')")
            }
            state = known
        }
        let conditions = try tags.map { text throws(Mistake) in
            guard let condition = TagCondition(parsing: text) else {
                throw Mistake(term: "tag", problem: "must look like GROUP:NAME=VALUE, e.g. IFD0:Make=Nikon (got '\(text)')")
            }
            return condition
        }
        return OriginalQuery(
            format: fileFormat?.lowercased(),
            since: since.flatMap(Timestamp.parse).map(Timestamp.format),
            until: until.flatMap(Self.untilBound),
            folder: folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            tags: conditions,
            status: quarantined ? .quarantined : .accepted,
            runs: RunFilter(
                aiAltered: aiAltered, stage: stage, model: model.flatMap(NameAndVersion.init(parsing:)),
                digitalSourceType: digitalSourceType.map { $0.replacingOccurrences(of: DigitalSourceType.vocabulary, with: "") },
                pipeline: pipeline.flatMap(NameAndVersion.init(parsing:)), changedMoreThan: changedMoreThan,
                reviewState: state))
    }

    /// The exclusive upper bound: a plain date means the end of that day.
    private static func untilBound(_ text: String) -> String? {
        guard let date = Timestamp.parse(text) else { return nil }
        let plainDate = text.count == 10
        return Timestamp.format(plainDate ? date.addingTimeInterval(86_400) : date)
    }
}
