import GRDB

extension Catalog {
    /// Records a pipeline run in one transaction: the derivative and mask objects (or links to the same
    /// bytes already recorded), the agents (software, pipeline, models), the run, its steps, and PREMIS
    /// events — `cre` for the derivative and each mask (software as executing program), and `mod` on the
    /// derivative for each step that changes pixels (its model, or the software for a classical step, as
    /// executing program). A crash leaves all of it or none.
    ///
    /// With `job`, the run is recorded only if that worker still holds the job, checked in the same
    /// transaction (``CatalogError/jobNotHeld(job:worker:)`` otherwise): a worker whose lease lapsed while it
    /// ran, and whose job another worker took over, cannot record a second run of it.
    public func recordRun(_ run: NewRun, holding job: HeldJob? = nil) throws -> RecordedRun {
        try pool.write { db in
            if let job {
                let held = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ? AND state = 'running' AND owner = ?)
                    """, arguments: [job.id, job.worker]) ?? false
                guard held else { throw CatalogError.jobNotHeld(job: job.id, worker: job.worker) }
            }
            return try Self.insert(db, run)
        }
    }

    static func insert(_ db: Database, _ run: NewRun) throws -> RecordedRun {
        let softwareID = try Self.agentID(db, for: run.software)
        let pipelineID = try Self.agentID(db, for: run.pipeline)
        let derivativeID = try Self.output(db, run.derivative)
        var record = Run(
            sourceObjectId: run.sourceObjectID, derivativeObjectId: derivativeID, pipelineAgentId: pipelineID,
            softwareAgentId: softwareID, pipelineName: run.pipeline.name, pipelineVersion: run.pipeline.version,
            pipelineSha256: run.pipeline.identifier, derivativePath: run.derivative.path,
            sidecarPath: run.sidecarPath, sidecarSha256: run.sidecarSHA256,
            digitalSourceType: run.digitalSourceType, aiAltered: run.aiAltered, startedAt: run.startedAt,
            endedAt: run.endedAt, inventedFraction: run.inventedFraction, reviewAbove: run.reviewAbove,
            reviewState: run.reviewState?.rawValue, reviewReason: run.reviewReason)
        try record.insert(db)
        guard let runID = record.id else { throw DatabaseError(message: "run insert returned no id") }
        var maskIDs: [Int: Int64] = [:]
        for (position, step) in run.steps.enumerated() {
            let modelID = try step.model.map { model throws in try Self.agentID(db, for: model) }
            var maskID: Int64?
            if let mask = step.mask {
                let id = try Self.output(db, mask)
                try Self.event(db, .creation, on: id, at: step.finishedAt, by: softwareID,
                               detail: "mask of step \(position) (\(step.stage)) at \(mask.path)")
                maskIDs[position] = id
                maskID = id
            }
            var row = Step(runId: runID, position: position, stage: step.stage, stageVersion: step.stageVersion,
                           method: step.method, algorithm: step.algorithm, modelAgentId: modelID,
                           parameters: step.parametersJSON, fractionChanged: step.fractionChanged,
                           maskObjectId: maskID, durationSeconds: step.durationSeconds,
                           digitalSourceType: step.digitalSourceType, regionCount: step.regionCount,
                           regionArea: step.regionArea, regions: step.regionsJSON, invents: step.invents)
            try row.insert(db)
            if step.altersPixels {
                let regions = step.regionCount.map { ", \($0) regions (\(step.regionArea ?? 0) pixels)" } ?? ""
                try Self.event(db, .modification, on: derivativeID, at: step.finishedAt, by: modelID ?? softwareID,
                               detail: "step \(position): \(step.stage) (\(step.algorithm)), "
                                   + "\(step.fractionChanged) of pixels changed\(regions)")
            }
        }
        // after the steps' events, as it happened: the file is made once every step has run
        try Self.event(db, .creation, on: derivativeID, at: run.endedAt, by: softwareID, detail:
            "derivative made by pipeline \(run.pipeline.name) \(run.pipeline.version) at \(run.derivative.path)")
        return RecordedRun(runID: runID, derivativeID: derivativeID, maskIDs: maskIDs)
    }

    /// The runs made from object `sourceID`, oldest first.
    public func runs(ofSource sourceID: Int64) throws -> [Run] {
        try pool.read { db in
            try Run.filter(Column("source_object_id") == sourceID).order(Column("id")).fetchAll(db)
        }
    }

    /// The steps of run `runID`, in order.
    public func steps(ofRun runID: Int64) throws -> [Step] {
        try pool.read { db in try Step.filter(Column("run_id") == runID).order(Column("position")).fetchAll(db) }
    }

    /// The agent with id `id`.
    public func agent(_ id: Int64) throws -> Agent? {
        try pool.read { db in try Agent.fetchOne(db, key: id) }
    }

    /// Inserts an output's object (or finds the same bytes already recorded) and links its path.
    private static func output(_ db: Database, _ output: NewRun.Output) throws -> Int64 {
        if let sha256 = output.object.sha256, let existing = try Int64.fetchOne(db, sql: """
            SELECT id FROM objects WHERE kind = ? AND sha256 = ?
            """, arguments: [output.object.kind.rawValue, sha256]) {
            try db.execute(sql: "INSERT OR IGNORE INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)",
                           arguments: [existing, output.path, Timestamp.now()])
            return existing
        }
        var object = output.object
        try object.insert(db)
        guard let id = object.id else { throw DatabaseError(message: "object insert returned no id") }
        try db.execute(sql: "INSERT INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)",
                       arguments: [id, output.path, Timestamp.now()])
        return id
    }

    private static func event(_ db: Database, _ type: Event.EventType, on objectID: Int64, at time: String,
                              by agentID: Int64, detail: String) throws {
        var event = Event(objectId: objectID, type: type, outcome: .success, detail: detail, occurredAt: time)
        try event.insert(db)
        if let eventID = event.id { try EventAgent(eventId: eventID, agentId: agentID, role: "exe").insert(db) }
    }
}
