import GRDB

/// A PREMIS event that happened to an object. Events are a log: the schema refuses updates and deletes.
public struct Event: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "events"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// PREMIS eventType codes (id.loc.gov/vocabulary/preservation/eventType).
    public enum EventType: String, Codable, Sendable, CaseIterable {
        case ingestion = "ing"
        case messageDigestCalculation = "mes"
        case metadataExtraction = "mee"
        case validation = "val"
        case fixityCheck = "fix"
        case quarantine = "qua"
        case creation = "cre"
        case modification = "mod"
        case normalization = "nor"

        /// The vocabulary's label, for reports.
        public var label: String {
            switch self {
            case .ingestion: "ingestion"
            case .messageDigestCalculation: "message digest calculation"
            case .metadataExtraction: "metadata extraction"
            case .validation: "validation"
            case .fixityCheck: "fixity check"
            case .quarantine: "quarantine"
            case .creation: "creation"
            case .modification: "modification"
            case .normalization: "normalization"
            }
        }
    }

    /// PREMIS eventOutcome codes.
    public enum Outcome: String, Codable, Sendable { case success = "suc", failure = "fai", warning = "war" }

    public var id: Int64?
    public var objectId: Int64
    public var type: EventType
    public var outcome: Outcome
    public var detail: String
    public var occurredAt: String

    public init(id: Int64? = nil, objectId: Int64, type: EventType, outcome: Outcome, detail: String,
                occurredAt: String = Timestamp.now()) {
        self.id = id
        self.objectId = objectId
        self.type = type
        self.outcome = outcome
        self.detail = detail
        self.occurredAt = occurredAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
