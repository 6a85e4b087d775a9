/// Whether a run awaits a curator before it counts as published. A run is recorded (`runs.review_state`)
/// `proposed` when a trained model took part, unless its pipeline's `review-above` lets it through (it
/// fills or invents no more than that), else `notRequired`; `approved` and `rejected` are curators'
/// decisions, recorded as rows of their own (``ReviewDecision``); `superseded` means a curator corrected
/// the run's mask and a newer run takes its place (``RunSupersession``).
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    case notRequired = "not-required"
    case proposed
    case approved
    case rejected
    case superseded

    /// The states a curator may correct a run in: one that awaits review, or one rejected (the usual reason
    /// to paint a better mask). An approved run is published as it is, and a superseded one has its correction.
    public static let correctable: Set<ReviewState> = [.proposed, .rejected]
}
