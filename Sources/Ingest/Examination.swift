import Catalog

/// What examining one file decided, before anything is written: ingest examines files in parallel and
/// records them a batch at a time.
struct Examination: Sendable {
    /// What the catalog must be told.
    enum Action: Sendable {
        /// The bytes are already recorded as this object (accepted, or quarantined with a reason): link
        /// the path to it.
        case link(objectID: Int64, quarantineReason: String?)
        /// A new object: an accepted original (`quarantineReason` nil) or a quarantine record.
        case record(NewObject, quarantineReason: String?)
    }

    var path: String
    /// Bytes read, for progress.
    var size: Int64
    var action: Action
}
