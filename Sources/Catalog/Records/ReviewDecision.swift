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
}
