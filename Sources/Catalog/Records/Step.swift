import Disclosure
import Foundation
import GRDB

/// One stage applied in a run, as recorded.
public struct Step: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "steps"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var runId: Int64
    /// 0-based place in the pipeline.
    public var position: Int
    public var stage: String
    public var stageVersion: String
    /// `trained-model` or `classical`.
    public var method: String
    /// The model's `name@version`, or the classical algorithm's name.
    public var algorithm: String
    public var modelAgentId: Int64?
    /// The effective parameters as a JSON object.
    public var parameters: String
    public var fractionChanged: Double
    public var maskObjectId: Int64?
    public var durationSeconds: Double
    public var digitalSourceType: String
    /// Regions (8-connected) the step marked or filled, and their pixels; nil for a stage that works on
    /// the whole picture, or a step recorded before regions were.
    public var regionCount: Int?
    public var regionArea: Int?
    /// The regions as JSON (``RegionSummary``), the largest boxes only.
    public var regions: String?
    /// What the step made up, as its stage declared it (nil: it only analysed or enhanced). Reports say
    /// "the colors are invented" from this, never from the stage's name.
    public var invents: InventedContent?

    /// ``regions`` decoded; nil when absent or unreadable.
    public var recordedRegions: RegionSummary? {
        regions.flatMap { try? JSONDecoder().decode(RegionSummary.self, from: Data($0.utf8)) }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Stored as its raw value (`colors`), as the column's CHECK lists them, rather than as GRDB's JSON default.
extension InventedContent: DatabaseValueConvertible {}
