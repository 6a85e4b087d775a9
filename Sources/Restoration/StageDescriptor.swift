import Disclosure

/// What a stage declares about itself: enough to validate a pipeline, to document the stage, and to
/// disclose what it did.
public struct StageDescriptor: Sendable, Equatable {
    /// The name pipelines use: `detect-damage`.
    public var name: String
    /// Bumped whenever the stage's code changes what it computes; recorded with every step.
    public var version: String
    /// One line for people.
    public var summary: String
    /// Every parameter, `strength` included.
    public var parameters: [ParameterSpec]
    /// The IPTC disclosure class of the stage's output.
    public var disclosure: DigitalSourceType
    /// Whether the stage changes pixels (a detector only produces a mask).
    public var altersPixels: Bool
    /// What the stage makes up that the photograph did not record (nil: it only analyses or enhances).
    /// Recorded with every step, so reports disclose it by this property, never by the stage's name.
    public var invents: InventedContent?
    /// Whether the stage's output has another size than its input (super-resolution).
    public var resizes: Bool
    /// Whether the stage works on the original's pixel grid: its masks are drawn there (a detector's, a
    /// supplied or a painted one) and recorded with the run. Such a stage must run before any that resizes.
    public var needsSourceGrid: Bool

    public init(name: String, version: String, summary: String, parameters: [ParameterSpec],
                disclosure: DigitalSourceType, altersPixels: Bool = true, invents: InventedContent? = nil,
                resizes: Bool = false, needsSourceGrid: Bool = false) {
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters + [.strength]
        self.disclosure = disclosure
        self.altersPixels = altersPixels
        self.invents = invents
        self.resizes = resizes
        self.needsSourceGrid = needsSourceGrid
    }

    /// The parameter called `name`.
    public func parameter(_ name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// Whether, configured with `values`, the stage takes a mask from the file given with the run
    /// (an earlier-stage parameter set to ``StageContext/suppliedMask``).
    public func takesSuppliedMask(_ values: StageParameters) -> Bool {
        parameters.contains { $0.kind == .earlierStage && values.text($0.name) == StageContext.suppliedMask }
    }
}
