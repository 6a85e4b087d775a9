@testable import Inference

/// The parity criterion: |actual - expected| <= 1e-4, relative (1e-4 x |expected|) for magnitudes above 1.
enum Tolerance {
    static let bound: Float = 1e-4

    /// The largest error in units of the allowed error (<= 1 passes), or nil when shapes differ.
    static func worst(_ actual: Tensor, _ expected: Tensor) -> Float? {
        guard actual.shape == expected.shape else { return nil }
        var worst: Float = 0
        for (a, e) in zip(actual.values, expected.values) {
            let error = abs(a - e) / (bound * max(1, abs(e)))
            worst = max(worst, error.isNaN ? .infinity : error)
        }
        return worst
    }
}
