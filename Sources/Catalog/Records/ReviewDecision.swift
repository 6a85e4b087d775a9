import GRDB

/// A curator's decision on a run that awaited review (schema: `Migrations/0006_users_and_review.sql`).
public struct ReviewDecision: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review_decisions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var runId: Int64
    /// ``ReviewState/approved`` or ``ReviewState/rejected``.
    public var state: ReviewState
    /// Why (required for a rejection).
    public var reason: String?
    /// The user name of the person who decided.
    public var person: String
    /// The PREMIS event that records it on the derivative.
    public var eventId: Int64
    public var decidedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// SQL for the current review state of the run aliased `run`: `superseded` when a correction
    /// replaced it, else its latest decision's, else the state it was recorded with. One expression, so
    /// queries, counts and pages agree.
    static func currentState(of run: String) -> String {
        """
        CASE WHEN EXISTS (SELECT 1 FROM run_supersessions x WHERE x.superseded_run_id = \(run).id) \
        THEN 'superseded' ELSE \
        coalesce((SELECT d.state FROM review_decisions d WHERE d.run_id = \(run).id ORDER BY d.id DESC LIMIT 1), \
        \(run).review_state) END
        """
    }
}
