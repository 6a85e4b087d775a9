/// An object with everything the catalog knows of it: where it was seen, its metadata, its events.
public struct ObjectDetails: Sendable, Equatable {
    public var object: StoredObject
    public var paths: [ObjectPath]
    public var metadata: [MetadataEntry]
    public var events: [EventWithAgents]
}

/// An event with the agents that took part and their roles.
public struct EventWithAgents: Sendable, Equatable {
    public var event: Event
    public var agents: [AgentRole]
}

/// An agent in the role it played in an event.
public struct AgentRole: Sendable, Equatable {
    public var agent: Agent
    public var role: String
}

/// An object with the paths it was seen at: one row of a query's answer.
public struct ObjectSummary: Sendable, Equatable {
    public var object: StoredObject
    public var paths: [String]
}
