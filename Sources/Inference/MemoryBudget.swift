import Foundation

/// A bound on the tensor memory of one model run, and the tiling that keeps a ``TiledRunner`` within it:
/// the whole image when its plan fits, else the largest power-of-two tile core whose plan does
/// (``TiledRunner/plannedBytes(batch:channels:height:width:)``). Only shapes are planned; nothing runs.
///
/// ```swift
/// let budget = MemoryBudget("1G")!
/// let choice = try budget.tiling(for: session, channels: 3, height: 4096, width: 4096)
/// let output = try TiledRunner(session: session, tileSize: choice.tileSize).run(scan)
/// ```
public struct MemoryBudget: Sendable, Equatable, CustomStringConvertible {
    public let bytes: Int

    /// Smallest tile core tried; below it the halo would be most of every window.
    public static let smallestTile = 64

    public init(bytes: Int) {
        self.bytes = bytes
    }

    /// A size in bytes with an optional binary suffix: `1G`, `512M`, `800K`, `1073741824`.
    public init?(_ text: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let upper = text.uppercased()
        let scale = upper.last.flatMap { units[$0] } ?? 1
        guard let number = Int(scale == 1 ? upper : String(upper.dropLast())), number > 0,
              number <= Int.max / scale else { return nil }
        bytes = number * scale
    }

    public var description: String { Self.format(bytes) }

    /// How a run of an image should be tiled.
    public struct Tiling: Sendable, Equatable {
        /// The ``TiledRunner/tileSize`` to use (the image's longer side when it runs whole).
        public var tileSize: Int
        /// Whether the image runs in more than one window.
        public var isTiled: Bool
        /// Planned bytes of a whole-image run, and of the chosen one.
        public var wholeBytes: Int
        public var plannedBytes: Int
        /// Whether the chosen plan fits (false: even the smallest tile exceeds the budget).
        public var fits: Bool
    }

    public func tiling(for session: InferenceSession, batch: Int = 1, channels: Int, height: Int, width: Int)
        throws(InferenceError) -> Tiling {
        let side = max(height, width)
        func plan(_ tile: Int) throws(InferenceError) -> (tiling: Tiling, tileable: Bool) {
            let runner = TiledRunner(session: session, tileSize: tile)
            let needed = try runner.plannedBytes(batch: batch, channels: channels, height: height, width: width)
            let layout = try runner.plannedLayout(batch: batch, channels: channels, height: height, width: width)
            return (Tiling(tileSize: tile, isTiled: layout.tiles > 1, wholeBytes: needed, plannedBytes: needed,
                           fits: needed <= bytes), layout.overlap != nil)
        }
        let (whole, tileable) = try plan(side)
        var choice = whole
        var tile = 1
        while tile * 2 < side { tile *= 2 }
        // Halving from the largest power of two below the image side; a tile whose window would cover the
        // whole image anyway plans the whole image again and is passed over.
        while tileable && !choice.fits && tile >= Self.smallestTile {
            var candidate = try plan(tile).tiling
            if candidate.isTiled {
                candidate.wholeBytes = whole.wholeBytes
                choice = candidate
            }
            tile /= 2
        }
        return choice
    }

    /// `1.5 GB`, `300 MB`, `12 KB`: binary units, as the budget is given.
    public static func format(_ bytes: Int) -> String {
        let value = Double(bytes)
        if value >= Double(1 << 30) { return String(format: "%.1f GB", value / Double(1 << 30)) }
        if value >= Double(1 << 20) { return String(format: "%.0f MB", value / Double(1 << 20)) }
        return String(format: "%.0f KB", value / Double(1 << 10))
    }
}
