/// What happened to one file in an ingest run.
public enum IngestOutcome: Sendable, Equatable {
    /// A new original was recorded.
    case ingested(objectID: Int64, path: String)
    /// The same bytes were already recorded; the path was linked to that object.
    case duplicate(objectID: Int64, path: String)
    /// The file was recorded as quarantined, with a one-line reason — or its bytes had been refused
    /// before, under another path, with that reason (the path is linked to that record).
    case quarantined(objectID: Int64, path: String, reason: String)

    /// The file the outcome is about.
    public var path: String {
        switch self {
        case let .ingested(_, path), let .duplicate(_, path), let .quarantined(_, path, _): path
        }
    }

    /// The catalog object the file was recorded as.
    public var objectID: Int64 {
        switch self {
        case let .ingested(id, _), let .duplicate(id, _), let .quarantined(id, _, _): id
        }
    }
}

/// The totals of an ingest run.
public struct IngestSummary: Sendable, Equatable {
    public var outcomes: [IngestOutcome] = []
    /// Paths the user named that do not exist (nothing recorded for them).
    public var missing: [String] = []

    public var ingested: Int { outcomes.count { if case .ingested = $0 { true } else { false } } }
    public var duplicates: Int { outcomes.count { if case .duplicate = $0 { true } else { false } } }
    public var quarantined: Int { outcomes.count { if case .quarantined = $0 { true } else { false } } }

    public init() {}
}
