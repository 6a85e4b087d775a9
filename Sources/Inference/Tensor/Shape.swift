/// Shape arithmetic shared by kernels.
enum Shape {
    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// `axis` in [-rank, rank) as a non-negative axis.
    static func axis(_ axis: Int, rank: Int) throws(InferenceError) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 0, normalized < max(rank, 1) else {
            throw .invalidNode(.pending, reason: "axis \(axis) is out of range for rank \(rank)")
        }
        return normalized
    }

    /// The multidirectional (NumPy) broadcast of `shapes`.
    static func broadcast(_ shapes: [[Int]]) throws(InferenceError) -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for shape in shapes {
            for (offset, dimension) in shape.enumerated() {
                let axis = rank - shape.count + offset
                if result[axis] == 1 {
                    result[axis] = dimension
                } else if dimension != 1 && dimension != result[axis] {
                    throw .invalidNode(.pending, reason: "shapes \(shapes) do not broadcast")
                }
            }
        }
        return result
    }

    /// Strides for reading a tensor of `shape` as if broadcast to `target` (0 along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        return (0..<target.count).map { axis in
            let sourceAxis = axis - (target.count - shape.count)
            return sourceAxis < 0 || shape[sourceAxis] == 1 ? 0 : own[sourceAxis]
        }
    }
}
