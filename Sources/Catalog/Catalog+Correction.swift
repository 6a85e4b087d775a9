import GRDB

extension Catalog {
    /// Records `run`, a re-run of run `oldRunID` with a mask `person` painted, as superseding it, in one
    /// transaction: the new run as ``recordRun(_:)`` records it, a PREMIS event on the old run's derivative
    /// (`val`, outcome `fai`: the curator found it wanting; the person as agent in role `aut`, authorizer),
    /// and the ``RunSupersession`` row, after which the old run is `superseded`.
    ///
    /// The old run must still be correctable (``correctableRun(_:)``), checked inside the transaction: of
    /// two submissions of one correction (a double click, two curators) the second records nothing and
    /// fails with ``CatalogError/alreadySuperseded(run:by:)``.
    public func recordCorrection(_ run: NewRun, superseding oldRunID: Int64, person: String, reason: String,
                                 at time: String = Timestamp.now()) throws -> RecordedRun {
        try pool.write { db in
            let old = try Self.correctableRun(db, oldRunID)
            let recorded = try Self.insert(db, run)
            let personID = try Self.agentID(db, for: Agent(type: .person, name: person))
            var event = Event(objectId: old.derivativeObjectId, type: .validation, outcome: .failure,
                              detail: "review: superseded by run \(recorded.runID), corrected by \(person) "
                                  + "(run \(oldRunID)): \(reason)",
                              occurredAt: time)
            try event.insert(db)
            guard let eventID = event.id else { throw DatabaseError(message: "event insert returned no id") }
            try EventAgent(eventId: eventID, agentId: personID, role: "aut").insert(db)
            var supersession = RunSupersession(runId: recorded.runID, supersededRunId: oldRunID, person: person,
                                               reason: reason, eventId: eventID, supersededAt: time)
            try supersession.insert(db)
            return recorded
        }
    }

    /// Run `runID` when a curator may correct it now; fails with ``CatalogError/notFound(reference:)``,
    /// ``CatalogError/alreadySuperseded(run:by:)`` or ``CatalogError/notCorrectable(run:state:)``. Checked
    /// before a correction's pipeline runs (so that a refused one costs nothing) and again when it is recorded.
    public func correctableRun(_ runID: Int64) throws -> Run {
        try pool.read { db in try Self.correctableRun(db, runID) }
    }

    private static func correctableRun(_ db: Database, _ runID: Int64) throws -> Run {
        guard let run = try Run.fetchOne(db, key: runID) else { throw CatalogError.notFound(reference: "run \(runID)") }
        if let newer = try RunSupersession.filter(Column("superseded_run_id") == runID).fetchOne(db) {
            throw CatalogError.alreadySuperseded(run: runID, by: newer.runId)
        }
        let latest = try ReviewDecision.filter(Column("run_id") == runID).order(Column("id").desc).fetchOne(db)
        let state = latest?.state.rawValue ?? run.reviewState
        guard let state, let known = ReviewState(rawValue: state), ReviewState.correctable.contains(known) else {
            throw CatalogError.notCorrectable(run: runID, state: state ?? "not recorded")
        }
        return run
    }
}
