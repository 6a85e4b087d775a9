import Disclosure
import Restoration

/// The JSON written beside each derivative (`provenance.json`): the full record of the run, readable
/// without the catalog. Schema `conservator-provenance/1`, documented in docs/RESTORATION.md; fields
/// are only ever added, and a change of meaning gets a new schema name.
public struct ProvenanceSidecar: Codable, Sendable {
    public struct PipelineEntry: Codable, Sendable {
        public var name: String
        public var version: String
        public var file: String
        public var sha256: String
    }
    public struct Software: Codable, Sendable {
        public var name: String
        public var version: String
        public var commit: String
    }
    public struct Original: Codable, Sendable {
        public var id: Int64
        public var sha256: String
        public var path: String
    }
    public struct FileEntry: Codable, Sendable {
        public var file: String
        public var sha256: String
        public var format: String
        public var width: Int
        public var height: Int
        public var channels: Int
        public var bitDepth: Int
        public var iccProfileCarried: Bool
    }
    public struct StepEntry: Codable, Sendable {
        public var position: Int
        public var stage: String
        public var stageVersion: String
        public var method: String
        public var algorithm: String
        public var model: ModelIdentity?
        public var parameters: [String: ParameterValue]
        public var fractionChanged: Double
        public var mask: String?
        public var durationSeconds: Double
        public var digitalSourceType: String
        public var finishedAt: String
        /// The regions the step marked or filled (count, pixels, the largest boxes, which method filled how
        /// many, what a detector dropped); absent for a stage that works on the whole picture.
        public var regions: RegionSummary?
        /// What the step made up (`image-content`, `colors`), as its stage declared it; absent when it only
        /// analysed or enhanced.
        public var invents: InventedContent?
    }

    public var schema = "conservator-provenance/1"
    public var pipeline: PipelineEntry
    public var software: Software
    public var original: Original
    public var derivative: FileEntry
    public var accessCopy: FileEntry?
    public var masks: [FileEntry]
    public var steps: [StepEntry]
    /// The strongest disclosure class among the steps (IPTC URI).
    public var digitalSourceType: String
    public var aiAltered: Bool
    /// Whether the run awaits a curator's review, and why (the pipeline's `review-above`).
    public var review: RunReview?
    /// The run this one corrects (a curator painted the mask of one of its steps), by catalog id.
    public var supersedes: Int64?
    public var startedAt: String
    public var endedAt: String
}
