import GRDB

/// One file the catalog keeps account of: an original (derivatives and masks come with pipelines).
///
/// The identity columns (kind, SHA-256, size, format, dimensions, creation time) are immutable: the
/// schema's triggers refuse updates and deletions, so an original's record cannot be rewritten.
public struct StoredObject: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "objects"

    /// What role the file plays.
    public enum Kind: String, Codable, Sendable { case original, derivative, mask }
    /// Whether the file passed validation.
    public enum Status: String, Codable, Sendable { case accepted, quarantined }

    public var id: Int64?
    public var kind: Kind
    public var status: Status
    /// Lowercase hex SHA-256 of the bytes; `nil` only when the file could not be read at all.
    public var sha256: String?
    public var size: Int64?
    /// `tiff`, `png` or `jpeg`; `nil` when the bytes are no image we read.
    public var format: String?
    public var mediaType: String?
    public var width: Int?
    public var height: Int?
    public var channels: Int?
    public var bitDepth: Int?
    public var colorModel: String?
    public var compression: String?
    public var pageCount: Int?
    public var iccSha256: String?
    public var iccDescription: String?
    /// The raw XMP packet, exactly as embedded.
    public var xmpPacket: String?
    /// One line naming why the file was quarantined; set exactly when `status` is `.quarantined`.
    public var quarantineReason: String?
    /// For derivatives and masks: the object they were made from.
    public var sourceObjectId: Int64?
    public var createdAt: String

    public init(
        id: Int64? = nil, kind: Kind = .original, status: Status, sha256: String?, size: Int64?,
        format: String? = nil, mediaType: String? = nil, width: Int? = nil, height: Int? = nil,
        channels: Int? = nil, bitDepth: Int? = nil, colorModel: String? = nil, compression: String? = nil,
        pageCount: Int? = nil, iccSha256: String? = nil, iccDescription: String? = nil, xmpPacket: String? = nil,
        quarantineReason: String? = nil, sourceObjectId: Int64? = nil, createdAt: String = Timestamp.now()
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.sha256 = sha256
        self.size = size
        self.format = format
        self.mediaType = mediaType
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.colorModel = colorModel
        self.compression = compression
        self.pageCount = pageCount
        self.iccSha256 = iccSha256
        self.iccDescription = iccDescription
        self.xmpPacket = xmpPacket
        self.quarantineReason = quarantineReason
        self.sourceObjectId = sourceObjectId
        self.createdAt = createdAt
    }

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
