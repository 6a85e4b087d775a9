import GRDB

/// The link between an event and an agent that took part, with the agent's role
/// (PREMIS eventRelatedAgentRole: `exe` executing program, `imp` implementer, ...).
public struct EventAgent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "event_agents"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var eventId: Int64
    public var agentId: Int64
    public var role: String

    public init(eventId: Int64, agentId: Int64, role: String) {
        self.eventId = eventId
        self.agentId = agentId
        self.role = role
    }
}
