/// A step's regions as the catalog's `steps.regions` JSON holds them (written by the pipeline runner from
/// the stage's own summary, the same JSON as the sidecar's `steps[].regions`): how many, how many pixels,
/// the largest boxes, which method filled how many, and what a detector dropped and why.
public struct RecordedRegions: Codable, Sendable, Equatable {
    public struct Box: Codable, Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public var area: Int
        public var method: String?

        public init(x: Int, y: Int, width: Int, height: Int, area: Int, method: String? = nil) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.area = area
            self.method = method
        }
    }

    public var count: Int
    public var area: Int
    /// The largest regions, largest first (at most 20: the count says how many there were).
    public var boxes: [Box]
    public var filledBy: [String: Int]
    public var dropped: [String: Int]
}
