import GRDB

extension Catalog {
    /// A path recorded relative to the folder a command was run from (runs before process stored absolute
    /// paths; issue 22, defect 1), with the SHA-256 the file there must have.
    public struct RelativePath: Sendable, Equatable {
        public enum Place: Sendable, Equatable {
            case runDerivative(runID: Int64)
            case runSidecar(runID: Int64)
            /// A row of `object_paths`.
            case objectPath(id: Int64)
        }

        public var place: Place
        public var path: String
        public var sha256: String
    }

    /// Every recorded path that is not absolute, with the SHA-256 that identifies its file.
    public func relativePaths() throws -> [RelativePath] {
        try pool.read { db in
            var found: [RelativePath] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT r.id, r.derivative_path, o.sha256, r.sidecar_path, r.sidecar_sha256
                FROM runs r JOIN objects o ON o.id = r.derivative_object_id
                WHERE substr(r.derivative_path, 1, 1) <> '/' OR substr(r.sidecar_path, 1, 1) <> '/' ORDER BY r.id
                """) {
                let (id, derivative, sidecar): (Int64, String, String) = (row[0], row[1], row[3])
                if !derivative.hasPrefix("/"), let sha256: String = row[2] {
                    found.append(RelativePath(place: .runDerivative(runID: id), path: derivative, sha256: sha256))
                }
                if !sidecar.hasPrefix("/") {
                    found.append(RelativePath(place: .runSidecar(runID: id), path: sidecar, sha256: row[4]))
                }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT p.id, p.path, o.sha256 FROM object_paths p JOIN objects o ON o.id = p.object_id
                WHERE substr(p.path, 1, 1) <> '/' AND o.sha256 IS NOT NULL ORDER BY p.id
                """) {
                found.append(RelativePath(place: .objectPath(id: row[0]), path: row[1], sha256: row[2]))
            }
            return found
        }
    }

    /// Records the absolute paths found for relative ones, in one transaction. The schema lets a run's path
    /// change only from relative to an absolute path ending in it (Migrations/0009_absolute_run_paths.sql).
    public func recordAbsolutePaths(_ found: [(RelativePath, absolute: String)]) throws {
        try pool.write { db in
            for (relative, absolute) in found {
                switch relative.place {
                case .runDerivative(let id):
                    try db.execute(sql: "UPDATE runs SET derivative_path = ? WHERE id = ? AND derivative_path = ?",
                                   arguments: [absolute, id, relative.path])
                case .runSidecar(let id):
                    try db.execute(sql: "UPDATE runs SET sidecar_path = ? WHERE id = ? AND sidecar_path = ?",
                                   arguments: [absolute, id, relative.path])
                case .objectPath(let id):
                    // an object already recorded at the absolute path keeps that row; this one stays as it was
                    try db.execute(sql: """
                        UPDATE object_paths SET path = ? WHERE id = ? AND path = ? AND NOT EXISTS
                            (SELECT 1 FROM object_paths q WHERE q.object_id = object_paths.object_id AND q.path = ?)
                        """, arguments: [absolute, id, relative.path, absolute])
                }
            }
        }
    }
}
