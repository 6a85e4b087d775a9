import Disclosure

/// Everything a pipeline run produced, recorded by ``Catalog/recordRun(_:)`` in one transaction.
public struct NewRun: Sendable {
    /// A file the run wrote: its object row (kind `.derivative` or `.mask`) and where it is.
    public struct Output: Sendable {
        public var object: StoredObject
        public var path: String

        public init(object: StoredObject, path: String) {
            self.object = object
            self.path = path
        }
    }

    /// One stage applied, before it has a run to belong to.
    public struct NewStep: Sendable {
        public var stage: String
        public var stageVersion: String
        public var method: String
        public var algorithm: String
        /// The model agent, for a trained-model step.
        public var model: Agent?
        public var parametersJSON: String
        public var fractionChanged: Double
        public var mask: Output?
        public var durationSeconds: Double
        public var digitalSourceType: String
        /// Whether the step changed pixels of the derivative (a `mod` event is recorded for it).
        public var altersPixels: Bool
        public var finishedAt: String
        /// The regions the step marked or filled (count, pixels, and the JSON of ``RegionSummary``); nil
        /// for a stage that works on the whole picture.
        public var regionCount: Int?
        public var regionArea: Int?
        public var regionsJSON: String?
        /// What the step made up, as its stage declared it.
        public var invents: InventedContent?

        public init(stage: String, stageVersion: String, method: String, algorithm: String, model: Agent?,
                    parametersJSON: String, fractionChanged: Double, mask: Output?, durationSeconds: Double,
                    digitalSourceType: String, altersPixels: Bool, finishedAt: String) {
            self.stage = stage
            self.stageVersion = stageVersion
            self.method = method
            self.algorithm = algorithm
            self.model = model
            self.parametersJSON = parametersJSON
            self.fractionChanged = fractionChanged
            self.mask = mask
            self.durationSeconds = durationSeconds
            self.digitalSourceType = digitalSourceType
            self.altersPixels = altersPixels
            self.finishedAt = finishedAt
        }
    }

    public var sourceObjectID: Int64
    /// The pipeline definition: name, version, SHA-256 of the file as identifier.
    public var pipeline: Agent
    public var software: Agent
    public var derivative: Output
    public var steps: [NewStep]
    public var sidecarPath: String
    public var sidecarSHA256: String
    public var digitalSourceType: String
    public var aiAltered: Bool
    public var startedAt: String
    public var endedAt: String
    /// The fraction of pixels the run filled or invented, the pipeline's `review-above` (nil: none set),
    /// and the review state the run is recorded with and why.
    public var inventedFraction: Double?
    public var reviewAbove: Double?
    public var reviewState: ReviewState?
    public var reviewReason: String?

    public init(sourceObjectID: Int64, pipeline: Agent, software: Agent, derivative: Output, steps: [NewStep],
                sidecarPath: String, sidecarSHA256: String, digitalSourceType: String, aiAltered: Bool,
                startedAt: String, endedAt: String) {
        self.sourceObjectID = sourceObjectID
        self.pipeline = pipeline
        self.software = software
        self.derivative = derivative
        self.steps = steps
        self.sidecarPath = sidecarPath
        self.sidecarSHA256 = sidecarSHA256
        self.digitalSourceType = digitalSourceType
        self.aiAltered = aiAltered
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// The ids ``Catalog/recordRun(_:)`` gave.
public struct RecordedRun: Sendable, Equatable {
    public var runID: Int64
    public var derivativeID: Int64
    /// Mask object ids, by step position.
    public var maskIDs: [Int: Int64]
}
