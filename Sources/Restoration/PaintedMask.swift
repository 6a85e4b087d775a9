/// A mask a person painted to take the place of the mask one stage of a chain would make: a curator's
/// correction of a detector's output. The stage at ``position`` is not applied; its step records the painted
/// mask as made by ``Method/paintedMask``, not by the stage's model, and the stages after it use that mask
/// as they would have used the stage's own.
///
/// ```swift
/// let painted = PaintedMask(position: 0, mask: DamageMask(painted: curatorsPNG))
/// let (restored, steps) = try chain.run(WorkingImage(decoded), outputBitDepth: 16, painted: painted)
/// ```
public struct PaintedMask: Sendable {
    /// The position, in the chain, of the stage whose mask it replaces (a stage that changes no pixels).
    public var position: Int
    public var mask: DamageMask

    public init(position: Int, mask: DamageMask) {
        self.position = position
        self.mask = mask
    }
}

extension Method {
    /// How a step whose mask a person painted made its result: by hand, which the catalog (whose methods
    /// are `trained-model` and `classical`) records as a classical step with this algorithm name.
    public static let paintedMask = Method.classical(algorithm: "painted-by-curator")
}
