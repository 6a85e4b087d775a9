import GRDB

extension Catalog {
    /// An object recorded before PRONOM identifiers were kept (`Migrations/0008_pronom_puid.sql`): its id, the
    /// SHA-256 its bytes must still have, and the paths it was seen at (paths still held first).
    public struct UnidentifiedObject: Sendable, Equatable {
        public var id: Int64
        public var sha256: String
        public var paths: [String]
    }

    /// Accepted objects (originals, derivatives, masks) in an image format we read whose PUID is not yet
    /// recorded, by id.
    public func objectsWithoutPUID() throws -> [UnidentifiedObject] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.id, o.sha256, p.path FROM objects o JOIN object_paths p ON p.object_id = o.id
                WHERE o.pronom_puid IS NULL AND o.format IS NOT NULL AND o.sha256 IS NOT NULL AND o.status = 'accepted'
                ORDER BY o.id, p.released_at IS NOT NULL, p.id
                """)
            var objects: [UnidentifiedObject] = []
            for row in rows {
                let id: Int64 = row[0]
                if objects.last?.id == id { objects[objects.count - 1].paths.append(row[2]) }
                else { objects.append(UnidentifiedObject(id: id, sha256: row[1], paths: [row[2]])) }
            }
            return objects
        }
    }

    /// Records the PUIDs found for objects that had none, in one transaction; an object that has one already
    /// keeps it (the schema refuses a change).
    public func recordPUIDs(_ puids: [Int64: String]) throws {
        try pool.write { db in
            for (id, puid) in puids.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "UPDATE objects SET pronom_puid = ? WHERE id = ? AND pronom_puid IS NULL",
                               arguments: [puid, id])
            }
        }
    }
}
