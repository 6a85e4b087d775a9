import Foundation

/// A separable Gaussian blur with edges clamped, for the unsharp mask.
enum GaussianBlur {
    static func blur(_ plane: [Float], width: Int, height: Int, sigma: Double) -> [Float] {
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var rows = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for k in -radius...radius { sum += kernel[k + radius] * plane[y * width + min(max(x + k, 0), width - 1)] }
                rows[y * width + x] = sum
            }
        }
        var result = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for k in -radius...radius { sum += kernel[k + radius] * rows[min(max(y + k, 0), height - 1) * width + x] }
                result[y * width + x] = sum
            }
        }
        return result
    }
}
