import Catalog
import Disclosure

/// A step's regions as `history` prints them: the totals on one line, then the largest boxes.
enum RegionText {
    /// Boxes shown per step; the catalog keeps up to 20 and `--json` gives them all.
    static let shownBoxes = 5

    static func render(_ regions: RegionSummary, indent: String) -> [String] {
        func counts(_ map: [String: Int]) -> String {
            map.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var summary = "\(indent)regions \(regions.count) (\(regions.area) pixels)"
        if !regions.filledBy.isEmpty { summary += "; filled by " + counts(regions.filledBy) }
        if !regions.dropped.isEmpty { summary += "; dropped, not filled: " + counts(regions.dropped) }
        var lines = [summary]
        for box in regions.boxes.prefix(shownBoxes) {
            lines.append("\(indent)  \(box.width)×\(box.height) at (\(box.x), \(box.y)), \(box.area) pixels"
                         + (box.method.map { ", \($0)" } ?? ""))
        }
        if regions.count > min(regions.boxes.count, shownBoxes) {
            lines.append("\(indent)  … \(regions.count - min(regions.boxes.count, shownBoxes)) more")
        }
        return lines
    }
}
