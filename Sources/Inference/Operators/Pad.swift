/// Pad (opset 13+: pads, constant_value and, from opset 18, axes as inputs) in constant, reflect and
/// edge modes; negative pads crop.
struct Pad: Operator, OperatorKernel {
    enum Mode: String, Sendable { case constant, reflect, edge }

    let mode: Mode

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["mode"])
        let name = try node.attributes.string("mode", default: "constant")
        guard let mode = Mode(rawValue: name) else {
            throw .unsupportedAttribute(.pending, attribute: "mode", reason: "\(name) (constant, reflect, edge are supported)")
        }
        return Pad(mode: mode)
    }

    /// Padding before and after each axis.
    private func padding(_ inputs: [ValueInfo]) throws(InferenceError) -> (begin: [Int], end: [Int]) {
        let rank = inputs[0].shape.count
        guard let pads = try ValueInfo.integers(inputs, 1, name: "pads") else { throw .missingInitializer(.pending, input: "pads") }
        var axes = Array(0..<rank)
        if let given = try ValueInfo.integers(inputs, 3, name: "axes") {
            axes = []
            for axis in given { axes.append(try Shape.axis(axis, rank: rank)) }
        }
        guard pads.count == 2 * axes.count else {
            throw .invalidNode(.pending, reason: "pads has \(pads.count) values for \(axes.count) axes")
        }
        var begin = [Int](repeating: 0, count: rank), end = begin
        for (position, axis) in axes.enumerated() {
            begin[axis] = pads[position]
            end[axis] = pads[position + axes.count]
        }
        return (begin, end)
    }

    /// Padding is constant at the borders of a tile that are inside the image, but never further in
    /// than the largest pad (reflect reads that far).
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent {
        guard constants.count > 1, let pads = constants[1]?.integers else { return .global }
        return .halo(pads.map(abs).max() ?? 0)
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let (begin, end) = try padding(inputs)
        let shape = inputs[0].shape.indices.map { inputs[0].shape[$0] + begin[$0] + end[$0] }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalidNode(.pending, reason: "pads crop more than the input") }
        return [ValueInfo(shape: shape, dataType: inputs[0].dataType)]
    }

    /// Input index for output index `index` along an axis, or nil for the constant value.
    private func sourceIndex(_ index: Int, begin: Int, size: Int) -> Int? {
        var position = index - begin
        if position >= 0 && position < size { return position }
        switch mode {
        case .constant:
            return nil
        case .edge:
            return min(max(position, 0), size - 1)
        case .reflect:
            guard size > 1 else { return 0 }
            let period = 2 * (size - 1)
            position = ((position % period) + period) % period
            return position < size ? position : period - position
        }
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let infos = ValueInfo.of(inputs)
        let (begin, _) = try padding(infos)
        let y = context.allocate(try inferOutputs(infos)[0].shape, x.dataType)
        let value = inputs.count > 2 && inputs[2] != nil ? inputs[2]!.values.first ?? 0 : 0
        guard y.count > 0 else { return [y] }
        guard x.count > 0 || mode == .constant else { throw .invalidNode(.pending, reason: "cannot \(mode) pad an empty tensor") }
        // Per axis, the input index of each output index (nil: constant); then one pass over the output.
        let maps = y.shape.indices.map { axis in (0..<y.shape[axis]).map { sourceIndex($0, begin: begin[axis], size: x.shape[axis]) } }
        let strides = Shape.strides(x.shape)
        var index = [Int](repeating: 0, count: y.shape.count)
        for output in 0..<y.count {
            var offset: Int? = 0
            for axis in index.indices {
                guard let current = offset, let source = maps[axis][index[axis]] else { offset = nil; break }
                offset = current + source * strides[axis]
            }
            switch x.dataType {
            case .float32: y.floats[output] = offset.map { x.floats[$0] } ?? value
            case .int64: y.int64s[output] = offset.map { x.int64s[$0] } ?? Int64(value)
            }
            var axis = index.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < y.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return [y]
    }
}
