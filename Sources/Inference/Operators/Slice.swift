/// Slice with starts, ends, axes and steps inputs (negative steps and out-of-range bounds clamped as
/// ONNX specifies).
struct Slice: Operator, OperatorKernel {
    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: [])
        return Slice()
    }

    /// Per axis of the input: first index, step and count of the result.
    private func ranges(_ inputs: [ValueInfo]) throws(InferenceError) -> [(start: Int, step: Int, count: Int)] {
        let shape = inputs[0].shape
        guard let starts = try ValueInfo.integers(inputs, 1, name: "starts"),
              let ends = try ValueInfo.integers(inputs, 2, name: "ends") else {
            throw .missingInitializer(.pending, input: "starts")
        }
        let axes = try ValueInfo.integers(inputs, 3, name: "axes") ?? Array(0..<starts.count)
        let steps = try ValueInfo.integers(inputs, 4, name: "steps") ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
            throw .invalidNode(.pending, reason: "starts, ends, axes and steps differ in length")
        }
        var ranges = shape.map { (start: 0, step: 1, count: $0) }
        for (position, rawAxis) in axes.enumerated() {
            let axis = try Shape.axis(rawAxis, rank: shape.count)
            let size = shape[axis], step = steps[position]
            guard step != 0 else { throw .invalidNode(.pending, reason: "slice step 0") }
            func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
                let resolved = value < 0 ? value + size : value
                return min(max(resolved, low), high)
            }
            let start = step > 0 ? clamp(starts[position], 0, size) : clamp(starts[position], -1, size - 1)
            let end = step > 0 ? clamp(ends[position], 0, size) : clamp(ends[position], -1, size - 1)
            let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            ranges[axis] = (start, step, count)
        }
        return ranges
    }

    /// Slicing batch or channels (axes 0 and 1, or -4 and -3 of NCHW) keeps every pixel where it is; slicing
    /// rows or columns moves them, so only that is global.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent {
        guard constants.count > 1, let starts = constants[1]?.integers else { return .global }
        let axes = constants.count > 3 ? constants[3]?.integers : Array(0..<starts.count)
        guard let axes else { return .global }
        return axes.allSatisfy { [0, 1, -4, -3].contains($0) } ? .pointwise : .global
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: try ranges(inputs).map(\.count), dataType: inputs[0].dataType)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let ranges = try self.ranges(ValueInfo.of(inputs))
        let y = context.allocate(ranges.map(\.count), x.dataType)
        let strides = Shape.strides(x.shape)
        let base = zip(ranges, strides).map { $0.start * $1 }.reduce(0, +)
        ElementCopy.strided(x, base: base, strides: zip(ranges, strides).map { $0.step * $1 }, to: y)
        return [y]
    }
}
