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
    /// The PRONOM format identifier (`fmt/353`; Metadata's `PRONOMFormat` decides it); `nil` for bytes we do not read, for
    /// BigTIFF, and for rows recorded before it was kept until `conservator init` fills them in.
    public var pronomPuid: String?

    public init(
        id: Int64? = nil, kind: Kind = .original, status: Status, sha256: String?, size: Int64?,
        format: String? = nil, mediaType: String? = nil, width: Int? = nil, height: Int? = nil,
        channels: Int? = nil, bitDepth: Int? = nil, colorModel: String? = nil, compression: String? = nil,
        pageCount: Int? = nil, iccSha256: String? = nil, iccDescription: String? = nil, xmpPacket: String? = nil,
        quarantineReason: String? = nil, sourceObjectId: Int64? = nil, createdAt: String = Timestamp.now(),
        pronomPuid: String? = nil
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
        self.pronomPuid = pronomPuid
    }

    /// The columns in the order ``init(row:startingAt:)`` reads them.
    static let columns = ["id", "kind", "status", "sha256", "size", "format", "media_type", "width", "height",
                          "channels", "bit_depth", "color_model", "compression", "page_count", "icc_sha256",
                          "icc_description", "xmp_packet", "quarantine_reason", "source_object_id", "created_at",
                          "pronom_puid"]

    /// Reads ``columns`` by position from `start` on. Curator queries decode tens of thousands of rows,
    /// and reading by position costs a fraction of the synthesized `Decodable` path (which looks every
    /// column up by a lowercased name).
    init(row: Row, startingAt start: Int) throws {
        self.init(
            id: row[start], kind: try Self.value(row, start + 1), status: try Self.value(row, start + 2),
            sha256: row[start + 3], size: row[start + 4], format: row[start + 5], mediaType: row[start + 6],
            width: row[start + 7], height: row[start + 8], channels: row[start + 9], bitDepth: row[start + 10],
            colorModel: row[start + 11], compression: row[start + 12], pageCount: row[start + 13],
            iccSha256: row[start + 14], iccDescription: row[start + 15], xmpPacket: row[start + 16],
            quarantineReason: row[start + 17], sourceObjectId: row[start + 18], createdAt: row[start + 19],
            pronomPuid: row[start + 20])
    }

    /// Writes the columns directly, for the same reason as ``init(row:startingAt:)``: ingest inserts an
    /// object per file, and the synthesized `Encodable` path converts every key to snake case each time.
    public func encode(to container: inout PersistenceContainer) {
        for (column, value) in zip(Self.columns, databaseValues) { container[column] = value }
    }

    /// Inserts the object as ``columns`` bound by position (`id` left to SQLite) and sets `id`. Ingest
    /// records an object per file, and GRDB's record insert (a container filled, the SQL generated and looked
    /// up) took some 50 µs of it, a fifth to a third of the time of the file's seventy metadata rows.
    mutating func insertRow(_ db: Database) throws {
        try BulkRows(db, sql: Self.insertSQL).insert(databaseValues.dropFirst().map { $0?.databaseValue ?? .null })
        id = db.lastInsertedRowID
    }

    private static let insertSQL = "INSERT INTO objects (" + columns.dropFirst().joined(separator: ", ") + ") VALUES ("
        + Array(repeating: "?", count: columns.count - 1).joined(separator: ", ") + ")"

    /// The values of ``columns``, in order.
    private var databaseValues: [(any DatabaseValueConvertible)?] {
        [id, kind.rawValue, status.rawValue, sha256, size, format, mediaType, width, height, channels, bitDepth, colorModel,
         compression, pageCount, iccSha256, iccDescription, xmpPacket, quarantineReason, sourceObjectId, createdAt,
         pronomPuid]
    }

    private static func value<T: RawRepresentable<String>>(_ row: Row, _ index: Int) throws -> T {
        let text: String = row[index]
        guard let value = T(rawValue: text) else {
            throw DatabaseError(message: "objects.\(columns[index]) has an unknown value '\(text)'")
        }
        return value
    }

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
