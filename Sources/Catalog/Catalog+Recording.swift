import GRDB

extension Catalog {
    /// The id of the original with these bytes, if one is recorded.
    public func originalID(sha256: String) throws -> Int64? {
        try knownOriginal(sha256: sha256)?.id
    }

    /// The original with these bytes, if one is recorded: its id, and its quarantine reason when the bytes
    /// were refused (the same bad bytes arriving again are still bad).
    public func knownOriginal(sha256: String) throws -> (id: Int64, quarantineReason: String?)? {
        // One SELECT is atomic on its own: no need for the transaction a `read` wraps it in, which ingest
        // would pay once per file.
        try pool.unsafeRead { db in
            try Row.fetchOne(db, sql: "SELECT id, quarantine_reason FROM objects WHERE kind = 'original' AND sha256 = ?",
                             arguments: [sha256]).map { ($0["id"], $0["quarantine_reason"]) }
        }
    }

    /// Records that object `objectID` was seen at `path`. Returns whether the path was new for it.
    @discardableResult
    public func linkPath(objectID: Int64, path: String) throws -> Bool {
        try pool.write { db in try Self.link(db, objectID: objectID, path: path) }
    }

    /// Links each object to a path it was seen at, in one transaction (see ``linkPath(objectID:path:)``).
    public func linkPaths(_ links: [(objectID: Int64, path: String)]) throws {
        try pool.write { db in
            for (objectID, path) in links { _ = try Self.link(db, objectID: objectID, path: path) }
        }
    }

    /// Records a newly ingested file — object, path, metadata and events, each event linked to `agent`
    /// as executing program — in one transaction, so a crash leaves all of it or none.
    ///
    /// Bytes already recorded (same kind and SHA-256) are not recorded twice: the path is linked to the
    /// existing object instead. A file that could not even be read (no SHA-256) is matched by path, and
    /// its new events are appended to the existing quarantine record.
    public func record(_ new: NewObject, by agent: Agent) throws -> RecordOutcome {
        try record([new], by: agent)[0]
    }

    /// Records several files in one transaction, each as ``record(_:by:)`` would, in order (a later file
    /// with the same bytes as an earlier one in the batch is linked to it).
    ///
    /// One commit for many files is what makes bulk ingest fast: the pages of the shared indexes (metadata
    /// by tag, events by type) are written to the log once per batch instead of once per file. A crash
    /// loses the whole batch or none of it; ingest is idempotent, so the files are simply taken again.
    public func record(_ batch: [NewObject], by agent: Agent) throws -> [RecordOutcome] {
        try pool.write { db in
            let agentID = try Self.agentID(db, for: agent)
            return try batch.map { new in try Self.record(db, new, agentID: agentID) }
        }
    }

    private static func record(_ db: Database, _ new: NewObject, agentID: Int64) throws -> RecordOutcome {
        if let existing = try existingObject(db, for: new) {
            let newPath = try link(db, objectID: existing, path: new.path)
            if new.object.sha256 == nil {
                try insert(db, events: new.events, objectID: existing, agentID: agentID)
            }
            return .alreadyRecorded(objectID: existing, newPath: newPath)
        }
        var object = new.object
        try object.insertRow(db)
        guard let objectID = object.id else { throw DatabaseError(message: "object insert returned no id") }
        _ = try link(db, objectID: objectID, path: new.path)
        // Bound straight to SQLite (BulkRows says why): a scan carries dozens to hundreds of tags.
        let insertTag = try BulkRows(db, sql: """
            INSERT INTO metadata (object_id, position, tag_group, tag_id, name, value) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (position, tag) in new.metadata.enumerated() {
            try insertTag.insert(objectID.databaseValue, position.databaseValue, tag.group.databaseValue,
                                 tag.tagID.databaseValue, tag.name.databaseValue, tag.value.databaseValue)
        }
        try insert(db, events: new.events, objectID: objectID, agentID: agentID)
        return .inserted(objectID: objectID)
    }

    /// Appends one event to an object's log, linked to `agent` as executing program.
    public func recordEvent(_ event: NewEvent, objectID: Int64, by agent: Agent) throws {
        try pool.write { db in
            try Self.insert(db, events: [event], objectID: objectID, agentID: try Self.agentID(db, for: agent))
        }
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
            try Self.insert(db, events: [event], objectID: objectID, agentID: try Self.agentID(db, for: agent))
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
        try BulkRows(db, sql: "INSERT OR IGNORE INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)")
            .insert(objectID.databaseValue, path.databaseValue, Timestamp.now().databaseValue)
        return db.changesCount > 0
    }

    private static func insert(_ db: Database, events: [NewEvent], objectID: Int64, agentID: Int64) throws {
        let insertEvent = try BulkRows(db, sql: """
            INSERT INTO events (object_id, type, outcome, detail, occurred_at) VALUES (?, ?, ?, ?, ?)
            """)
        let linkAgent = try BulkRows(db, sql: "INSERT INTO event_agents (event_id, agent_id, role) VALUES (?, ?, 'exe')")
        for new in events {
            try insertEvent.insert(objectID.databaseValue, new.type.rawValue.databaseValue,
                                   new.outcome.rawValue.databaseValue, new.detail.databaseValue,
                                   new.occurredAt.databaseValue)
            try linkAgent.insert(db.lastInsertedRowID.databaseValue, agentID.databaseValue)
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
