/// Whether a run awaits a curator before it counts as published (`runs.review_state`). A run is recorded
/// `proposed` when it fills or invents more of the picture than its pipeline's `review-above`, else
/// `notRequired`; `approved` and `rejected` are the decisions a review workflow will record.
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    case notRequired = "not-required"
    case proposed
    case approved
    case rejected
}
