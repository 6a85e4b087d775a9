/// Whether a run awaits a curator before it counts as published. A run is recorded (`runs.review_state`)
/// `proposed` when a trained model took part, unless its pipeline's `review-above` lets it through (it
/// fills or invents no more than that), else `notRequired`; `approved` and `rejected` are curators'
/// decisions, recorded as rows of their own (``ReviewDecision``).
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    case notRequired = "not-required"
    case proposed
    case approved
    case rejected
}
