/// Everything done to one original: what `conservator history` shows and what exports are made of.
public struct ImageHistory: Sendable, Equatable {
    /// The original with its paths, metadata and PREMIS events.
    public var original: ObjectDetails
    /// The runs made from it, oldest first (for an export, only the runs its query selected).
    public var runs: [RunHistory]

    public init(original: ObjectDetails, runs: [RunHistory]) {
        self.original = original
        self.runs = runs
    }
}

/// One pipeline run: the agents, the derivative (with its events) and the steps.
public struct RunHistory: Sendable, Equatable {
    public var run: Run
    /// The pipeline definition (name, version, SHA-256 of the file as identifier).
    public var pipeline: Agent
    /// The software that ran it (name, version, git commit as identifier).
    public var software: Agent
    public var derivative: ObjectDetails
    public var steps: [StepHistory]
    /// Curators' decisions on the run, oldest first.
    public var decisions: [ReviewDecision]
    /// The correction this run is (it re-ran an older run with a mask a curator painted), if it is one,
    /// and the derivative of the run it supersedes.
    public var supersedes: RunSupersession?
    public var supersededDerivativeID: Int64?
    /// The correction that replaced this run, if a curator corrected it.
    public var supersededBy: RunSupersession?

    /// The run's review state now: `superseded` once corrected, else its latest decision's, else the one it
    /// was recorded with.
    public var reviewState: String? {
        supersededBy != nil ? ReviewState.superseded.rawValue : decisions.last?.state.rawValue ?? run.reviewState
    }

    /// Whether the derivative counts as published: a curator approved it, or it needed no review (recorded
    /// `not-required`; for a run recorded before review states existed, made without a trained model).
    /// Proposed, rejected and superseded derivatives are not published.
    public var isPublished: Bool {
        switch reviewState {
        case ReviewState.approved.rawValue?, ReviewState.notRequired.rawValue?: true
        case nil: !run.aiAltered
        default: false
        }
    }

    /// The trained models the run used, in step order, each once.
    public var models: [Agent] {
        steps.compactMap(\.model).reduce(into: []) { list, model in if !list.contains(model) { list.append(model) } }
    }
}

/// One step of a run, with its model agent and its mask.
public struct StepHistory: Sendable, Equatable {
    public var step: Step
    /// The model, for a trained-model step.
    public var model: Agent?
    /// The mask the step wrote, when it wrote one.
    public var mask: ObjectDetails?
}

/// One row of a curator's query: an original, where it is, and a summary of the runs that matched.
public struct OriginalRow: Sendable, Equatable {
    public var object: StoredObject
    /// Every path it was seen at: those it is held at now first (after a move into an archive or quarantine, where
    /// it is), then those it was moved away from, each oldest first.
    public var paths: [String]
    /// How many of its runs matched the query's run conditions (all its runs when there were none).
    public var runCount: Int
    /// Whether one of those runs is AI-altered.
    public var aiAltered: Bool
    /// The models (`name@version`) those runs used, sorted.
    public var models: [String]
    /// The pipelines (`name@version`) of those runs, sorted.
    public var pipelines: [String]
}
