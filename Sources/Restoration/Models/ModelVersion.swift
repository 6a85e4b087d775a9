/// Orders model versions as people number them: `2` < `10`, `1.2` < `1.10`. Numeric parts compare as
/// numbers, others as text, so that "the newest version" of a bare model name is the one a person expects.
public enum ModelVersion {
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(whereSeparator: { $0 == "." || $0 == "-" })
        let right = rhs.split(whereSeparator: { $0 == "." || $0 == "-" })
        for (a, b) in zip(left, right) where a != b {
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return left.count == right.count ? lhs < rhs : left.count < right.count
    }
}
