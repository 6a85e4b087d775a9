import Disclosure

/// What one stage did in a run: everything a step record, a sidecar and an XMP history entry need.
public struct AppliedStep: Sendable {
    public var stage: String
    public var stageVersion: String
    public var method: Method
    /// The effective parameters, defaults included.
    public var parameters: StageParameters
    /// The fraction of pixels whose output samples differ from the input's at the output bit depth.
    public var fractionChanged: Double
    /// The mask the stage produced or used.
    public var mask: DamageMask?
    /// The regions the stage marked (a detector) or filled (an inpainter).
    public var regions: RegionSummary?
    public var duration: Duration
    public var disclosure: DigitalSourceType
    /// Whether the stage changes pixels (a detector does not).
    public var altersPixels: Bool
    /// What the stage made up (its descriptor's ``StageDescriptor/invents``).
    public var invents: InventedContent?
    /// Whether the stage took its mask from the file supplied with the run (`mask: supplied`).
    public var usedSuppliedMask: Bool
    /// When the step finished (ISO 8601).
    public var finishedAt: String
}
