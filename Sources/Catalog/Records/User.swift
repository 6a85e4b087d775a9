import GRDB

/// A person who may sign in to the web interface (schema: `Migrations/0006_users_and_review.sql`).
public struct User: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "users"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// What a person may do; each role may do everything the one before it may.
    public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        /// Reads every page.
        case viewer
        /// Also approves, rejects and corrects runs.
        case curator
        /// Also manages users.
        case admin

        public static func < (a: Role, b: Role) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var id: Int64?
    public var name: String
    public var role: Role
    /// The stored password hash (`pbkdf2-sha256$ITERATIONS$SALT$HASH`); never the password.
    public var passwordHash: String
    public var createdAt: String

    public init(name: String, role: Role, passwordHash: String, createdAt: String = Timestamp.now()) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
