import GRDB

extension Catalog {
    /// Originals matching `query`, oldest first, each with a summary of its matching runs. One statement
    /// answers it (summaries are correlated subqueries on indexed columns), so a catalog of 100,000
    /// originals answers in well under a second (Benchmarks/query). With `limit`, only that many from
    /// `offset` on: a page of the answer, whose summaries alone are computed (the web search's pages).
    public func originals(matching query: OriginalQuery, limit: Int? = nil, offset: Int = 0) throws -> [OriginalRow] {
        let sql = QuerySQL(query)
        let (runs, runArguments) = sql.runsOfOriginal
        // ASCII unit separator between list items: it cannot occur in a path Conservator records, nor in a name.
        // Paths still held come first: after a move into an archive or quarantine, where the file is now.
        let separator = "char(31)"
        let statement = """
            SELECT \(StoredObject.columns.map { "o.\($0)" }.joined(separator: ", ")),
              (SELECT group_concat(path, \(separator)) FROM
                 (SELECT path FROM object_paths p WHERE p.object_id = o.id
                  ORDER BY p.released_at IS NOT NULL, p.id)),
              (SELECT count(*) FROM runs r WHERE \(runs)),
              (SELECT coalesce(max(r.ai_altered), 0) FROM runs r WHERE \(runs)),
              (SELECT group_concat(DISTINCT a.name || '@' || a.version) FROM runs r
                 JOIN steps s ON s.run_id = r.id JOIN agents a ON a.id = s.model_agent_id WHERE \(runs)),
              (SELECT group_concat(DISTINCT r.pipeline_name || '@' || r.pipeline_version) FROM runs r
                 WHERE \(runs))
            FROM objects o WHERE \(sql.originalCondition) ORDER BY o.id \(limit == nil ? "" : "LIMIT ? OFFSET ?")
            """
        var arguments = StatementArguments()
        for _ in 0..<4 { arguments += runArguments }
        arguments += sql.originalArguments
        if let limit { arguments += [limit, offset] }
        return try pool.read { db in
            // the summaries follow the object's columns, read by position (see StoredObject.columns)
            let summary = StoredObject.columns.count
            // a cursor reads each row in place instead of copying every row first
            let rows = try Row.fetchCursor(db, sql: statement, arguments: arguments).map { row in
                func list(_ offset: Int, _ separator: Character) -> [String] {
                    (row[summary + offset] as String?).map { $0.split(separator: separator).map(String.init) } ?? []
                }
                return OriginalRow(object: try StoredObject(row: row, startingAt: 0), paths: list(0, "\u{1F}"),
                                   runCount: row[summary + 1], aiAltered: row[summary + 2],
                                   models: list(3, ",").sorted(), pipelines: list(4, ",").sorted())
            }
            return try Array(rows)
        }
    }

    /// How many originals match `query`: the length of ``originals(matching:limit:offset:)``'s whole answer,
    /// without its summaries.
    public func count(matching query: OriginalQuery) throws -> Int {
        let sql = QuerySQL(query)
        return try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM objects o WHERE \(sql.originalCondition)",
                             arguments: sql.originalArguments) ?? 0
        }
    }

    /// The whole history of the image `id` names: the original and every run made from it. A derivative's
    /// or a mask's id gives the history of its original.
    public func history(of id: Int64) throws -> ImageHistory {
        try pool.read { db in
            let original = try Self.originalID(db, of: id)
            let runs = try Run.fetchAll(db, sql: "SELECT * FROM runs WHERE source_object_id = ? ORDER BY id",
                                        arguments: [original])
            return ImageHistory(original: try Self.details(db, of: original), runs: try runs.map { try Self.history(db, of: $0) })
        }
    }

    /// The histories of the originals matching `query`, each with only the runs that meet the query's run
    /// conditions: what an export of that query contains.
    public func histories(matching query: OriginalQuery) throws -> [ImageHistory] {
        let sql = QuerySQL(query)
        return try pool.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT o.id FROM objects o WHERE \(sql.originalCondition) ORDER BY o.id",
                                         arguments: sql.originalArguments)
            return try ids.map { id in
                let runs = try Run.fetchAll(db, sql: """
                    SELECT r.* FROM runs r WHERE r.source_object_id = ? \(sql.runCondition.map { "AND \($0)" } ?? "")
                    ORDER BY r.id
                    """, arguments: [id] + sql.runArguments)
                return ImageHistory(original: try Self.details(db, of: id), runs: try runs.map { try Self.history(db, of: $0) })
            }
        }
    }

    private static func originalID(_ db: Database, of id: Int64) throws -> Int64 {
        guard let object = try StoredObject.fetchOne(db, key: id) else { throw CatalogError.notFound(reference: String(id)) }
        return object.kind == .original ? id : (object.sourceObjectId ?? id)
    }

    static func history(_ db: Database, of run: Run) throws -> RunHistory {
        func agent(_ id: Int64) throws -> Agent {
            guard let agent = try Agent.fetchOne(db, key: id) else { throw CatalogError.notFound(reference: "agent \(id)") }
            return agent
        }
        let steps = try Step.filter(Column("run_id") == run.id).order(Column("position")).fetchAll(db)
        let supersedes = try RunSupersession.filter(Column("run_id") == run.id).fetchOne(db)
        return RunHistory(
            run: run, pipeline: try agent(run.pipelineAgentId), software: try agent(run.softwareAgentId),
            derivative: try details(db, of: run.derivativeObjectId),
            steps: try steps.map { step in
                StepHistory(step: step, model: try step.modelAgentId.map(agent),
                            mask: try step.maskObjectId.map { try details(db, of: $0) })
            },
            decisions: try ReviewDecision.filter(Column("run_id") == run.id).order(Column("id")).fetchAll(db),
            supersedes: supersedes,
            supersededDerivativeID: try supersedes.flatMap { try Run.fetchOne(db, key: $0.supersededRunId)?.derivativeObjectId },
            supersededBy: try RunSupersession.filter(Column("superseded_run_id") == run.id).fetchOne(db))
    }
}
