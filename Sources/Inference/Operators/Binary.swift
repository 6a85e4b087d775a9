/// Element-wise binary operators with multidirectional broadcasting: Add, Sub, Mul, Div, and PRelu
/// (whose slope broadcasts to the input). Work on `int64` too, for shape arithmetic that folds.
struct Binary: Operator, OperatorKernel {
    enum Function: Sendable { case add, sub, mul, div, prelu }

    let function: Function

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: [])
        let functions: [String: Function] = ["Add": .add, "Sub": .sub, "Mul": .mul, "Div": .div, "PRelu": .prelu]
        return Binary(function: functions[node.opType]!)
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .pointwise }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: try Shape.broadcast([inputs[0].shape, inputs[1].shape]), dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let a = inputs[0]!, b = inputs[1]!
        let shape = try Shape.broadcast([a.shape, b.shape])
        let y = context.allocate(shape, a.dataType)
        let aStrides = Shape.broadcastStrides(a.shape, to: shape), bStrides = Shape.broadcastStrides(b.shape, to: shape)
        guard a.dataType == b.dataType else {
            throw .invalidNode(.pending, reason: "inputs have different element types")
        }
        switch a.dataType {
        case .float32 where a.shape == b.shape:
            // Same shapes (a gate times a feature map): flat, vectorizable, on every thread.
            let chunks = (y.count + Self.chunk - 1) / Self.chunk
            Parallel.forEach(chunks, threads: context.threads) { chunk in
                let start = chunk * Self.chunk
                apply(a.floats + start, [1], b.floats + start, [1], y.floats + start, [min(Self.chunk, y.count - start)])
            }
        case .float32: apply(a.floats, aStrides, b.floats, bStrides, y.floats, shape)
        case .int64: applyIntegers(a.int64s, aStrides, b.int64s, bStrides, y.int64s, shape)
        }
        return [y]
    }

    /// Elements per work item of the same-shape path.
    private static let chunk = 1 << 14

    private func apply(_ a: UnsafeMutablePointer<Float>, _ aStrides: [Int], _ b: UnsafeMutablePointer<Float>,
                       _ bStrides: [Int], _ y: UnsafeMutablePointer<Float>, _ shape: [Int]) {
        forEachRow(shape, aStrides, bStrides) { output, aOffset, bOffset, length, aStep, bStep in
            let x = a + aOffset, z = b + bOffset, out = y + output
            // One switch per row, not per element; unit steps (the common case) get a loop the compiler vectorizes.
            @inline(__always) func each(_ combine: (Float, Float) -> Float) {
                if aStep == 1 && bStep == 1 {
                    for i in 0..<length { out[i] = combine(x[i], z[i]) }
                } else {
                    for i in 0..<length { out[i] = combine(x[i * aStep], z[i * bStep]) }
                }
            }
            switch function {
            case .add: each(+)
            case .sub: each(-)
            case .mul: each(*)
            case .div: each(/)
            case .prelu: each { $0 < 0 ? $0 * $1 : $0 }
            }
        }
    }

    private func applyIntegers(_ a: UnsafeMutablePointer<Int64>, _ aStrides: [Int], _ b: UnsafeMutablePointer<Int64>,
                               _ bStrides: [Int], _ y: UnsafeMutablePointer<Int64>, _ shape: [Int]) {
        forEachRow(shape, aStrides, bStrides) { output, aOffset, bOffset, length, aStep, bStep in
            for i in 0..<length {
                let x = a[aOffset + i * aStep], z = b[bOffset + i * bStep]
                y[output + i] = switch function {
                case .add: x &+ z
                case .sub: x &- z
                case .mul: x &* z
                case .div: z == 0 ? 0 : x / z
                case .prelu: x < 0 ? x &* z : x
                }
            }
        }
    }

    /// Visits the output row by row along the last axis: (output offset, a offset, b offset, row length,
    /// a step, b step), steps being 0 where an input is broadcast.
    private func forEachRow(_ shape: [Int], _ aStrides: [Int], _ bStrides: [Int],
                            _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        guard let last = shape.indices.last else {
            body(0, 0, 0, 1, 0, 0)
            return
        }
        let length = shape[last]
        var index = [Int](repeating: 0, count: shape.count)
        var aOffset = 0, bOffset = 0
        for output in stride(from: 0, to: count, by: length) {
            body(output, aOffset, bOffset, length, aStrides[last], bStrides[last])
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < shape[axis] { break }
                aOffset -= aStrides[axis] * shape[axis]
                bOffset -= bStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
