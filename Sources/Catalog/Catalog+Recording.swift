import GRDB

extension Catalog {
    /// The id of the original with these bytes, if one is recorded.
    public func originalID(sha256: String) throws -> Int64? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM objects WHERE kind = 'original' AND sha256 = ?",
                               arguments: [sha256])
        }
    }

    /// Records that object `objectID` was seen at `path`. Returns whether the path was new for it.
    @discardableResult
    public func linkPath(objectID: Int64, path: String) throws -> Bool {
        try pool.write { db in try Self.link(db, objectID: objectID, path: path) }
    }

    /// Records a newly ingested file — object, path, metadata and events, each event linked to `agent`
    /// as executing program — in one transaction, so a crash leaves all of it or none.
    ///
    /// Bytes already recorded (same kind and SHA-256) are not recorded twice: the path is linked to the
    /// existing object instead. A file that could not even be read (no SHA-256) is matched by path, and
    /// its new events are appended to the existing quarantine record.
    public func record(_ new: NewObject, by agent: Agent) throws -> RecordOutcome {
        try pool.write { db in
            if let existing = try Self.existingObject(db, for: new) {
                let newPath = try Self.link(db, objectID: existing, path: new.path)
                if new.object.sha256 == nil {
                    try Self.insert(db, events: new.events, objectID: existing, agent: agent)
                }
                return .alreadyRecorded(objectID: existing, newPath: newPath)
            }
            var object = new.object
            try object.insert(db)
            guard let objectID = object.id else { throw DatabaseError(message: "object insert returned no id") }
            _ = try Self.link(db, objectID: objectID, path: new.path)
            for (position, tag) in new.metadata.enumerated() {
                try MetadataEntry(objectId: objectID, position: position, tagGroup: tag.group, tagId: tag.tagID,
                                  name: tag.name, value: tag.value).insert(db)
            }
            try Self.insert(db, events: new.events, objectID: objectID, agent: agent)
            return .inserted(objectID: objectID)
        }
    }

    /// Appends one event to an object's log, linked to `agent` as executing program.
    public func recordEvent(_ event: NewEvent, objectID: Int64, by agent: Agent) throws {
        try pool.write { db in try Self.insert(db, events: [event], objectID: objectID, agent: agent) }
    }

    /// Records that Conservator moved object `objectID` from `oldPath` to `newPath` (an archive or
    /// quarantine folder), with the event that proves it (a `fix` check at the new place), in one
    /// transaction: the new path is linked and the old one released, so fixity audits look for the file
    /// where it now is.
    public func recordMove(objectID: Int64, from oldPath: String, to newPath: String, event: NewEvent,
                           by agent: Agent) throws {
        try pool.write { db in
            _ = try Self.link(db, objectID: objectID, path: newPath)
            try db.execute(sql: """
                UPDATE object_paths SET released_at = ? WHERE object_id = ? AND path = ? AND released_at IS NULL
                """, arguments: [Timestamp.now(), objectID, oldPath])
            try Self.insert(db, events: [event], objectID: objectID, agent: agent)
        }
    }

    private static func existingObject(_ db: Database, for new: NewObject) throws -> Int64? {
        if let sha256 = new.object.sha256 {
            return try Int64.fetchOne(db, sql: "SELECT id FROM objects WHERE kind = ? AND sha256 = ?",
                                      arguments: [new.object.kind.rawValue, sha256])
        }
        return try Int64.fetchOne(db, sql: """
            SELECT o.id FROM objects o JOIN object_paths p ON p.object_id = o.id
            WHERE o.sha256 IS NULL AND o.kind = ? AND p.path = ? ORDER BY o.id LIMIT 1
            """, arguments: [new.object.kind.rawValue, new.path])
    }

    private static func link(_ db: Database, objectID: Int64, path: String) throws -> Bool {
        try db.execute(sql: "INSERT OR IGNORE INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)",
                       arguments: [objectID, path, Timestamp.now()])
        return db.changesCount > 0
    }

    private static func insert(_ db: Database, events: [NewEvent], objectID: Int64, agent: Agent) throws {
        let agentID = try agentID(db, for: agent)
        for new in events {
            var event = Event(objectId: objectID, type: new.type, outcome: new.outcome, detail: new.detail,
                              occurredAt: new.occurredAt)
            try event.insert(db)
            if let eventID = event.id {
                try EventAgent(eventId: eventID, agentId: agentID, role: "exe").insert(db)
            }
        }
    }

    /// The id of `agent`, inserting it the first time it is seen.
    static func agentID(_ db: Database, for agent: Agent) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM agents WHERE type = ? AND name = ? AND version = ? AND identifier = ?
            """, arguments: [agent.type.rawValue, agent.name, agent.version, agent.identifier]) {
            return id
        }
        var inserted = agent
        inserted.id = nil
        try inserted.insert(db)
        return inserted.id ?? db.lastInsertedRowID
    }
}
