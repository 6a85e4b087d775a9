/// What a stage produced: the image (unblended: the chain applies `strength`), and a mask when the stage
/// makes one or used one.
public struct StageOutput: Sendable {
    public var image: WorkingImage
    public var mask: DamageMask?

    public init(image: WorkingImage, mask: DamageMask? = nil) {
        self.image = image
        self.mask = mask
    }
}
