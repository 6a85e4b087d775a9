import GRDB

/// A path at which an object's bytes were seen. Re-ingesting the same bytes from elsewhere adds a path,
/// never a second object.
public struct ObjectPath: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "object_paths"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var objectId: Int64
    /// Absolute path, as given at ingest (not resolved through symbolic links).
    public var path: String
    public var firstSeen: String
    /// When Conservator moved the file away from this path (to an archive or quarantine folder); `nil`
    /// while the file is expected here.
    public var releasedAt: String?

    public init(id: Int64? = nil, objectId: Int64, path: String, firstSeen: String = Timestamp.now(),
                releasedAt: String? = nil) {
        self.id = id
        self.objectId = objectId
        self.path = path
        self.firstSeen = firstSeen
        self.releasedAt = releasedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
