/// Everything ingest learned about one file, recorded by ``Catalog/record(_:by:)`` in one transaction.
public struct NewObject: Sendable {
    /// The object row to insert (its `id` is assigned by the catalog).
    public var object: StoredObject
    /// The absolute path the bytes were read from.
    public var path: String
    /// Metadata tags in file order.
    public var metadata: [Tag]
    /// The events of this ingest, in the order they happened.
    public var events: [NewEvent]

    /// One metadata tag, before it has an object to belong to.
    public struct Tag: Sendable, Equatable {
        public var group: String
        public var tagID: Int?
        public var name: String
        public var value: String

        public init(group: String, tagID: Int?, name: String, value: String) {
            self.group = group
            self.tagID = tagID
            self.name = name
            self.value = value
        }
    }

    public init(object: StoredObject, path: String, metadata: [Tag] = [], events: [NewEvent]) {
        self.object = object
        self.path = path
        self.metadata = metadata
        self.events = events
    }
}

/// An event before it has an object to belong to.
public struct NewEvent: Sendable, Equatable {
    public var type: Event.EventType
    public var outcome: Event.Outcome
    public var detail: String
    public var occurredAt: String

    public init(_ type: Event.EventType, _ outcome: Event.Outcome, _ detail: String,
                occurredAt: String = Timestamp.now()) {
        self.type = type
        self.outcome = outcome
        self.detail = detail
        self.occurredAt = occurredAt
    }
}

/// What ``Catalog/record(_:by:)`` did.
public enum RecordOutcome: Sendable, Equatable {
    /// A new object was recorded.
    case inserted(objectID: Int64)
    /// The same bytes were already recorded; `newPath` tells whether this path was new for them.
    case alreadyRecorded(objectID: Int64, newPath: Bool)
}
