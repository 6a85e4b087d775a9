import Disclosure

/// What a stage produced: the image (unblended: the chain applies `strength`), a mask when the stage
/// makes one or used one, the regions it marked or filled, and — for a stage that chooses per image or per
/// region how to compute (inpainting with `method: auto`) — the method and disclosure class of what it
/// actually did, which replace the configured ones in the step's record.
public struct StageOutput: Sendable {
    public var image: WorkingImage
    public var mask: DamageMask?
    public var regions: RegionSummary?
    /// The method that did the work, when it differs from the stage's configured ``Stage/method``.
    public var method: Method?
    /// The disclosure class of what was done, when it is weaker than the stage's declared one.
    public var disclosure: DigitalSourceType?

    public init(image: WorkingImage, mask: DamageMask? = nil, regions: RegionSummary? = nil, method: Method? = nil,
                disclosure: DigitalSourceType? = nil) {
        self.image = image
        self.mask = mask
        self.regions = regions
        self.method = method
        self.disclosure = disclosure
    }
}
