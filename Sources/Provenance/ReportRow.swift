import Catalog

/// One derivative of an export, flattened for `report.csv` and `report.json`: who it is, where it came
/// from, its checksums, whether it is AI-altered, its disclosure class, and the steps and models applied.
public struct ReportRow: Codable, Sendable, Equatable {
    public var originalID: Int64
    public var originalSHA256: String
    public var originalPath: String
    public var derivativeID: Int64
    public var derivativeSHA256: String
    /// The derivative's path inside the export folder.
    public var derivativeFile: String
    /// Its JPEG access copy inside the export folder, when the run made one.
    public var accessCopyFile: String?
    /// Its provenance sidecar inside the export folder.
    public var sidecarFile: String
    public var runID: Int64
    public var pipeline: String
    public var pipelineSHA256: String
    public var aiAltered: Bool
    /// The IPTC Digital Source Type term the derivative discloses.
    public var digitalSourceType: String
    /// `stage:algorithm` per step, in order.
    public var steps: [String]
    /// `name@version` of each trained model used, in order.
    public var models: [String]
    public var createdAt: String
    /// The run's review state now (`proposed`: awaits a curator; `approved`, `rejected`: a curator's latest
    /// decision); nil for runs recorded before review states existed.
    public var reviewState: String?
    /// The fraction of pixels the run filled or invented; nil before it was measured.
    public var inventedFraction: Double?
    /// Whether the derivative counts as published (``RunHistory/isPublished``): exported, but only these
    /// may be shown to the public.
    public var published: Bool

    /// The row of `run`, a run of `history`'s original, exported as `derivativeFile` with its access copy and
    /// sidecar.
    public init(_ run: RunHistory, of history: ImageHistory, derivativeFile: String, accessCopyFile: String?,
                sidecarFile: String) {
        originalID = history.original.object.id ?? 0
        originalSHA256 = history.original.object.sha256 ?? ""
        originalPath = history.original.paths.first?.path ?? ""
        derivativeID = run.derivative.object.id ?? 0
        derivativeSHA256 = run.derivative.object.sha256 ?? ""
        self.derivativeFile = derivativeFile
        self.accessCopyFile = accessCopyFile
        self.sidecarFile = sidecarFile
        runID = run.run.id ?? 0
        pipeline = "\(run.run.pipelineName)@\(run.run.pipelineVersion)"
        pipelineSHA256 = run.run.pipelineSha256
        aiAltered = run.run.aiAltered
        digitalSourceType = run.run.digitalSourceType
        steps = run.steps.map { "\($0.step.stage):\($0.step.algorithm)" }
        models = run.models.map { "\($0.name)@\($0.version)" }
        createdAt = run.run.endedAt
        reviewState = run.reviewState
        inventedFraction = run.run.inventedFraction
        published = run.isPublished
    }

    /// The CSV header, in the order of ``fields``.
    public static let columns = [
        "original_id", "original_sha256", "original_path", "derivative_id", "derivative_sha256", "derivative_file",
        "access_copy_file", "sidecar_file",
        "run_id", "pipeline", "pipeline_sha256", "ai_altered", "digital_source_type", "steps", "models", "created_at",
        "review_state", "invented_fraction", "published",
    ]

    /// The CSV cells; lists are joined with `; `.
    public var fields: [String] {
        [String(originalID), originalSHA256, originalPath, String(derivativeID), derivativeSHA256, derivativeFile,
         accessCopyFile ?? "", sidecarFile,
         String(runID), pipeline, pipelineSHA256, aiAltered ? "true" : "false", digitalSourceType,
         steps.joined(separator: "; "), models.joined(separator: "; "), createdAt, reviewState ?? "",
         inventedFraction.map { String($0) } ?? "", published ? "true" : "false"]
    }
}
