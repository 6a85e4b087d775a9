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
    /// Told how much of the stage's work on this image is done (0...1), by stages that can say (tiled
    /// models, after each window); a terminal shows it with an estimate of the time left.
    public var reportProgress: (@Sendable (_ fraction: Double) -> Void)?

    /// The tile core used unless a run says otherwise. Measured on a 6000×4000 scan through archival-repair
    /// (2 cores): 512 spent 58 s, 1024 spent 48 s (the overlap around each core is a smaller share of a
    /// larger window) with peak memory 1.45 GB and 1.77 GB.
    public static let defaultTileSize = 1024

    public init(masks: [String: DamageMask] = [:], tileSize: Int = defaultTileSize, threads: Int = 2) {
        self.masks = masks
        self.tileSize = tileSize
        self.threads = threads
    }
}
