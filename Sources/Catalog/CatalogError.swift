/// What can go wrong with the catalog, each case naming the file or object and the cause.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// The SQLite file could not be opened or created.
    case cannotOpen(path: String, cause: String)
    /// No `Migrations/` folder was found; `searched` lists where we looked, in order.
    case migrationsNotFound(searched: [String])
    /// A migration file is misnamed, unreadable or failed to apply.
    case badMigration(file: String, cause: String)
    /// The catalog was written by a newer Conservator whose migrations this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The database engine refused or failed a statement (disk full, a broken connection, a violated invariant).
    case database(cause: String)
    /// A reference (`show ID|SHA256|PATH`) that matches no object.
    case notFound(reference: String)
    /// A reference that matches more than one object (an abbreviated SHA-256, say).
    case ambiguous(reference: String, matches: Int)
    /// `users add` with a name already taken.
    case userExists(name: String)
    /// A user name the catalog does not hold.
    case noSuchUser(name: String)
    /// A review decision on a run that does not await review (or was decided otherwise already).
    case notAwaitingReview(run: Int64, state: String)
    /// A correction of a run that a correction has already replaced (a second click, another curator).
    case alreadySuperseded(run: Int64, by: Int64)
    /// A correction of a run in a state that is not corrected (approved, needing no review).
    case notCorrectable(run: Int64, state: String)
    /// A run was to be recorded for a job its worker no longer holds: the lease lapsed and another worker
    /// took the job over (and will record its own run).
    case jobNotHeld(job: Int64, worker: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, cause):
            "cannot open catalog \(path): \(cause)"
        case let .migrationsNotFound(searched):
            "no Migrations folder found; looked in: \(searched.joined(separator: ", ")) (set CONSERVATOR_MIGRATIONS to the folder)"
        case let .badMigration(file, cause):
            "migration \(file): \(cause)"
        case let .newerSchema(path, unknown):
            "catalog \(path) was upgraded by a newer Conservator (unknown migrations: \(unknown.joined(separator: ", "))); use that version"
        case let .database(cause):
            "catalog database error: \(cause)"
        case let .notFound(reference):
            "no object matches \(reference)"
        case let .ambiguous(reference, matches):
            "\(reference) matches \(matches) objects; give more of the SHA-256 or the numeric id"
        case let .userExists(name):
            "user \(name) exists already"
        case let .noSuchUser(name):
            "no user is named \(name)"
        case let .notAwaitingReview(run, state):
            "run \(run) does not await review (it is \(state))"
        case let .alreadySuperseded(run, by):
            "run \(run) was already corrected: run \(by) supersedes it"
        case let .notCorrectable(run, state):
            "run \(run) is \(state); only a run that awaits review or was rejected can be corrected"
        case let .jobNotHeld(job, worker):
            "job \(job) is no longer held by \(worker): its lease lapsed and another worker took it over"
        }
    }
}
