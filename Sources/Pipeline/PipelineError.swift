import YAMLConfiguration

/// Why a pipeline could not be read or run. Every case names the file (the pipeline, the original, the
/// output) and the cause.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The pipeline file is invalid: every problem found, each with its line, column and the allowed values.
    case invalid(file: String, problems: [ConfigurationError])
    /// The pipeline file (or a named pipeline) could not be read.
    case unreadable(file: String, cause: String)
    /// The original could not be read, decoded, or no longer has the SHA-256 the catalog records.
    case source(file: String, cause: String)
    /// A stage failed (or could not be made: a model missing or refused).
    case stage(file: String, stage: String, cause: String)
    /// An output file could not be encoded or written; nothing of the run was left behind.
    case output(file: String, cause: String)
    /// The run could not be recorded; its files were removed.
    case catalog(file: String, cause: String)
    /// The run was for a job this worker no longer holds (its lease lapsed and another worker took it over):
    /// nothing of it was kept.
    case jobTakenOver(job: Int64, worker: String)

    public var description: String {
        switch self {
        case let .invalid(file, problems):
            "\(file): invalid pipeline (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case let .unreadable(file, cause): "\(file): cannot read pipeline: \(cause)"
        case let .source(file, cause): "\(file): \(cause)"
        case let .stage(file, stage, cause): "\(file): stage \(stage) failed: \(cause)"
        case let .output(file, cause): "\(file): cannot write: \(cause)"
        case let .catalog(file, cause): "\(file): cannot record the run: \(cause)"
        case let .jobTakenOver(job, worker):
            "job \(job) was taken over from \(worker) after its lease lapsed; this run was discarded"
        }
    }
}
