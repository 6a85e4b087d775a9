import GRDB

/// The SQL of an ``OriginalQuery``: a condition on `objects o`, and one on `runs r` (with its steps), each
/// with its arguments, so that the same run condition selects originals (those with a matching run) and the
/// runs an export takes.
struct QuerySQL {
    /// How a run condition reaches the tables beside `runs`. SQLite remakes an uncorrelated `IN` list each
    /// time a correlated subquery runs, but makes it once for a whole statement. So a condition on steps or
    /// review states, which usually picks few runs (a model, a stage, the runs awaiting review), selects
    /// originals through lists built once from the indexes of steps and run_current_states (8x faster at
    /// 100 000 originals than probing every original); the condition evaluated per original or per run, and
    /// one on the runs' own columns (AI-altered: half of all runs, where a page needs only its first matches),
    /// use correlated lookups. Both forms take the same arguments in the same order.
    enum Form { case correlated, list }

    var originalCondition: String
    var originalArguments: StatementArguments
    /// `nil` when the query sets no run condition.
    var runCondition: String?
    var runArguments: StatementArguments

    init(_ query: OriginalQuery) {
        let runs = Self.runClauses(query.runs, .correlated)
        runCondition = runs.clauses.isEmpty ? nil : runs.clauses.joined(separator: " AND ")
        runArguments = runs.arguments

        var clauses = ["o.kind = 'original'", "o.status = ?"]
        var arguments: StatementArguments = [query.status.rawValue]
        if let format = query.format {
            clauses.append("o.format = ?")
            arguments += [format.lowercased()]
        }
        if let since = query.since {
            clauses.append("o.created_at >= ?")
            arguments += [since]
        }
        if let until = query.until {
            clauses.append("o.created_at < ?")
            arguments += [until]
        }
        if let folder = query.folder {
            // a range on the path index: every path that starts with "folder/" ('0' is the byte after '/')
            clauses.append("EXISTS (SELECT 1 FROM object_paths p WHERE p.object_id = o.id AND p.path >= ? AND p.path < ?)")
            arguments += [folder + "/", folder + "0"]
        }
        for tag in query.tags {
            clauses.append("""
                EXISTS (SELECT 1 FROM metadata m WHERE m.object_id = o.id
                        AND m.tag_group = ? AND m.name = ? AND m.value = ?)
                """)
            arguments += [tag.group, tag.name, tag.value]
        }
        if query.runs.aiAltered == false {
            clauses.append("NOT EXISTS (SELECT 1 FROM runs ai WHERE ai.source_object_id = o.id AND ai.ai_altered = 1)")
        }
        if let runCondition, query.runs != RunFilter(aiAltered: false) {
            if query.runs.constrainsSteps || query.runs.reviewState != nil {
                let listed = Self.runClauses(query.runs, .list)
                clauses.append("o.id IN (SELECT r.source_object_id FROM runs r WHERE \(listed.clauses.joined(separator: " AND ")))")
                arguments += listed.arguments
            } else {
                clauses.append("EXISTS (SELECT 1 FROM runs r WHERE r.source_object_id = o.id AND \(runCondition))")
                arguments += runArguments
            }
        }
        originalCondition = clauses.joined(separator: " AND ")
        originalArguments = arguments
    }

    /// `r.source_object_id = o.id` plus the run condition, for subqueries over an original's runs.
    var runsOfOriginal: (sql: String, arguments: StatementArguments) {
        guard let runCondition else { return ("r.source_object_id = o.id", []) }
        return ("r.source_object_id = o.id AND \(runCondition)", runArguments)
    }

    private static func runClauses(_ filter: RunFilter, _ form: Form) -> (clauses: [String], arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let ai = filter.aiAltered {
            // a literal, not a parameter: SQLite uses a partial index (runs_ai_altered_by_source) only for a
            // condition it can see when it plans the statement
            clauses.append("r.ai_altered = \(ai ? 1 : 0)")
        }
        if let pipeline = filter.pipeline {
            match(pipeline, name: "r.pipeline_name", version: "r.pipeline_version", &clauses, &arguments)
        }
        if let term = filter.digitalSourceType {
            clauses.append("r.digital_source_type = ?")
            arguments += [term]
        }
        if let review = filter.reviewState {
            // run_current_states holds each run's state now (Migrations/0010_run_current_state.sql)
            clauses.append(form == .list ? "r.id IN (SELECT cs.run_id FROM run_current_states cs WHERE cs.state = ?)"
                                         : "(SELECT cs.state FROM run_current_states cs WHERE cs.run_id = r.id) = ?")
            arguments += [review.rawValue]
        }
        if filter.constrainsSteps {
            var step = form == .list ? [] : ["s.run_id = r.id"]
            if let stage = filter.stage {
                step.append(form == .list ? "s.stage = ?" : "+s.stage = ?")
                arguments += [stage]
            }
            if let model = filter.model {
                match(model, name: "a.name", version: "a.version", &step, &arguments)
            }
            if let fraction = filter.changedMoreThan {
                step.append("+s.fraction_changed > ?")
                arguments += [fraction]
            }
            // Correlated, the unary + keeps SQLite from answering "s.stage = ?" with the stage index (every
            // inpainting step of the catalog, once per run) instead of the run's own few steps by (run_id, position).
            let steps = "FROM steps s LEFT JOIN agents a ON a.id = s.model_agent_id WHERE \(step.joined(separator: " AND "))"
            clauses.append(form == .list ? "r.id IN (SELECT s.run_id \(steps))" : "EXISTS (SELECT 1 \(steps))")
        }
        return (clauses, arguments)
    }

    /// `name = ?`, and `version = ?` when a version is given.
    private static func match(_ wanted: NameAndVersion, name: String, version: String, _ clauses: inout [String],
                              _ arguments: inout StatementArguments) {
        clauses.append("\(name) = ?")
        arguments += [wanted.name]
        if let wantedVersion = wanted.version {
            clauses.append("\(version) = ?")
            arguments += [wantedVersion]
        }
    }
}
