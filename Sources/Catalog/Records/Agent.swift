import GRDB

/// A PREMIS agent: the software, a model, a pipeline definition, a person or an institution.
public struct Agent: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "agents"

    /// PREMIS agentType, narrowed to the kinds Conservator records.
    public enum AgentType: String, Codable, Sendable { case software, model, pipeline, person, organization }

    public var id: Int64?
    public var type: AgentType
    public var name: String
    public var version: String
    /// A hash or commit that pins the agent exactly (a model's SHA-256, the software's git commit).
    public var identifier: String

    public init(id: Int64? = nil, type: AgentType, name: String, version: String = "", identifier: String = "") {
        self.id = id
        self.type = type
        self.name = name
        self.version = version
        self.identifier = identifier
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
