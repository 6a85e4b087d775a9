import Disclosure
import Restoration

/// What a run produced and where it was recorded.
public struct RunReport: Sendable {
    public var runID: Int64
    public var derivativeID: Int64
    /// The run's folder: `<derivatives>/<original id>/<run name>/`.
    public var folder: String
    public var derivativePath: String
    public var sidecarPath: String
    public var maskPaths: [String]
    public var accessCopyPath: String?
    public var steps: [AppliedStep]
    public var aiAltered: Bool
    public var digitalSourceType: DigitalSourceType?
    public var review: RunReview
}
