/// The regions a step marked or filled, as a step record, a sidecar and `history` show them: how many,
/// how many pixels, and where the largest are. Only the largest ``boxLimit`` boxes are kept, with the
/// total count beside them, so that a 24-megapixel scan with thousands of dust specks does not put
/// thousands of boxes into the catalog; the mask file beside the derivative holds every pixel.
public struct RegionSummary: Sendable, Equatable, Codable {
    /// One region's bounding box (pixels, origin top left) and size.
    public struct Box: Sendable, Equatable, Codable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// Marked pixels in the region (not the box's area).
        public var area: Int
        /// The method that filled it, where a stage chose one per region (`telea`, or the model's
        /// `name@version`); nil for a region only marked.
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

    /// The most boxes kept per step.
    public static let boxLimit = 20

    /// Regions (8-connected).
    public var count: Int
    /// Pixels in all of them.
    public var area: Int
    /// The largest regions' boxes, largest first, at most ``boxLimit``.
    public var boxes: [Box]
    /// Regions filled by each method (`telea`, `inpaint-unet@2`); empty when one method did everything the
    /// step's method names.
    public var filledBy: [String: Int]
    /// Regions a detector found but left out of its mask, by reason: `smaller-than-min-region`,
    /// `larger-than-max-region`, `below-min-confidence`.
    public var dropped: [String: Int]

    public init(count: Int, area: Int, boxes: [Box], filledBy: [String: Int] = [:], dropped: [String: Int] = [:]) {
        self.count = count
        self.area = area
        self.boxes = boxes
        self.filledBy = filledBy
        self.dropped = dropped
    }
}
