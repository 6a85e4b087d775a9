/// What a stage may use besides its own input: the masks of the stages before it, and how to run models.
public struct StageContext: Sendable {
    /// The mask name of a mask given with the run rather than made by a stage (a conservator's own mask
    /// file); a stage uses it when its mask parameter says `supplied`.
    public static let suppliedMask = "supplied"

    /// Masks produced earlier in the chain, by stage name (a later stage of the same name replaces an
    /// earlier one's).
    public var masks: [String: DamageMask]
    /// Side of a tile's core for tiled inference: memory for a model's activations is bounded by it.
    public var tileSize: Int
    /// Threads for each convolution.
    public var threads: Int

    public init(masks: [String: DamageMask] = [:], tileSize: Int = 512, threads: Int = 2) {
        self.masks = masks
        self.tileSize = tileSize
        self.threads = threads
    }
}
