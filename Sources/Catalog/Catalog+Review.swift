import GRDB

extension Catalog {
    /// What came of ``decide(run:state:reason:person:at:)``.
    public enum DecisionOutcome: Sendable, Equatable {
        /// Recorded now.
        case recorded(ReviewDecision)
        /// The run's latest decision is already this one (a second click, a resent form): nothing recorded.
        case unchanged(ReviewDecision)
    }

    /// Records that `person` approved or rejected run `runID`, in one transaction: the decision row, and a
    /// PREMIS event on the run's derivative (`val`, outcome `suc` for approved and `fai` for rejected, the
    /// person as agent in role `aut`, authorizer). Idempotent: when the run's latest decision is already
    /// `state`, nothing is written. Fails with ``CatalogError/notAwaitingReview(run:state:)`` when the run
    /// neither awaits review nor carries that decision, or a correction superseded it, and
    /// ``CatalogError/notFound(reference:)`` for an unknown run.
    public func decide(run runID: Int64, state: ReviewState, reason: String?, person: String,
                       at time: String = Timestamp.now()) throws -> DecisionOutcome {
        precondition(state == .approved || state == .rejected, "a decision approves or rejects")
        return try pool.write { db in
            guard let run = try Run.fetchOne(db, key: runID) else { throw CatalogError.notFound(reference: "run \(runID)") }
            // a corrected run is decided no more: the run that supersedes it is what awaits review
            if try RunSupersession.filter(Column("superseded_run_id") == runID).fetchCount(db) > 0 {
                throw CatalogError.notAwaitingReview(run: runID, state: ReviewState.superseded.rawValue)
            }
            if let latest = try ReviewDecision.filter(Column("run_id") == runID).order(Column("id").desc).fetchOne(db) {
                if latest.state == state { return .unchanged(latest) }
                throw CatalogError.notAwaitingReview(run: runID, state: latest.state.rawValue)
            }
            guard run.reviewState == ReviewState.proposed.rawValue else {
                throw CatalogError.notAwaitingReview(run: runID, state: run.reviewState ?? "not recorded")
            }
            let personID = try Self.agentID(db, for: Agent(type: .person, name: person))
            let detail = "review: \(state.rawValue) by \(person) (run \(runID))" + (reason.map { ": \($0)" } ?? "")
            var event = Event(objectId: run.derivativeObjectId, type: .validation,
                              outcome: state == .approved ? .success : .failure, detail: detail, occurredAt: time)
            try event.insert(db)
            guard let eventID = event.id else { throw DatabaseError(message: "event insert returned no id") }
            try EventAgent(eventId: eventID, agentId: personID, role: "aut").insert(db)
            var decision = ReviewDecision(runId: runID, state: state, reason: reason, person: person, eventId: eventID,
                                          decidedAt: time)
            try decision.insert(db)
            return .recorded(decision)
        }
    }

    /// The decisions on run `runID`, oldest first.
    public func decisions(onRun runID: Int64) throws -> [ReviewDecision] {
        try pool.read { db in
            try ReviewDecision.filter(Column("run_id") == runID).order(Column("id")).fetchAll(db)
        }
    }
}
