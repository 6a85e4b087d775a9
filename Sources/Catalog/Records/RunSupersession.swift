import GRDB

/// A curator's correction of a run: run ``runId`` re-ran the pipeline of run ``supersededRunId`` with a mask
/// ``person`` painted, and takes its place (schema: `Migrations/0007_run_supersedes.sql`). While this row
/// exists the old run's review state is ``ReviewState/superseded``.
public struct RunSupersession: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run_supersessions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The new run, made with the corrected mask.
    public var runId: Int64
    /// The run it corrects.
    public var supersededRunId: Int64
    /// The user name of the person who painted the mask and asked for the re-run.
    public var person: String
    public var reason: String
    /// The PREMIS event on the superseded run's derivative.
    public var eventId: Int64
    public var supersededAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
