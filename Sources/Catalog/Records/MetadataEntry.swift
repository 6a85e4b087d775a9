import GRDB

/// One metadata tag read from a file, as (group, tag id, name, value text), group-qualified as ExifTool
/// names them (`IFD0:Make`, `ExifIFD:DateTimeOriginal`).
public struct MetadataEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metadata"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var objectId: Int64
    /// Order within the file, so a report lists tags as the file holds them.
    public var position: Int
    public var tagGroup: String
    public var tagId: Int?
    public var name: String
    public var value: String

    public init(objectId: Int64, position: Int, tagGroup: String, tagId: Int?, name: String, value: String) {
        self.objectId = objectId
        self.position = position
        self.tagGroup = tagGroup
        self.tagId = tagId
        self.name = name
        self.value = value
    }

    /// `group:name`, the form curators type in `query --tag`.
    public var qualifiedName: String { "\(tagGroup):\(name)" }
}
