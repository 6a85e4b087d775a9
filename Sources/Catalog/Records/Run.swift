import GRDB

/// One run of a pipeline on an original, as recorded (schema: `Migrations/0002_pipeline_runs.sql`, review
/// columns `0004_step_regions_and_review.sql`).
public struct Run: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "runs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var sourceObjectId: Int64
    public var derivativeObjectId: Int64
    public var pipelineAgentId: Int64
    public var softwareAgentId: Int64
    public var pipelineName: String
    public var pipelineVersion: String
    public var pipelineSha256: String
    public var derivativePath: String
    public var sidecarPath: String
    public var sidecarSha256: String
    /// The strongest IPTC Digital Source Type among the steps (its term, e.g. `algorithmicallyEnhanced`).
    public var digitalSourceType: String
    /// Whether a step ran a trained model.
    public var aiAltered: Bool
    public var startedAt: String
    public var endedAt: String
    /// The fraction of pixels filled or invented (nil for runs recorded before it was measured).
    public var inventedFraction: Double?
    /// The pipeline's `review-above`, when it set one.
    public var reviewAbove: Double?
    /// ``ReviewState`` raw value the run was recorded with (nil before review states existed).
    public var reviewState: String?
    /// Why, in words.
    public var reviewReason: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
