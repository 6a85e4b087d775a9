/// MaxPool, AveragePool (2-D windows: kernel, strides, pads, auto_pad, dilations, ceil_mode,
/// count_include_pad) and GlobalAveragePool.
struct Pool: Operator, OperatorKernel {
    enum Kind: Sendable { case max, average(countIncludePad: Bool), globalAverage }

    let kind: Kind
    let window: SlidingWindow?

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        switch node.opType {
        case "GlobalAveragePool":
            try attributes.require(only: [])
            return Pool(kind: .globalAverage, window: nil)
        case "MaxPool":
            try attributes.require(only: ["auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "strides", "storage_order"])
            guard try attributes.int("storage_order", default: 0) == 0 else {
                throw .unsupportedAttribute(.pending, attribute: "storage_order", reason: "only row-major (0)")
            }
            return Pool(kind: .max, window: try SlidingWindow(attributes, kernel: nil))
        default:
            try attributes.require(only: ["auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"])
            return Pool(kind: .average(countIncludePad: try attributes.int("count_include_pad", default: 0) != 0),
                        window: try SlidingWindow(attributes, kernel: nil))
        }
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { window?.spatialExtent ?? .global }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        guard inputs.count == 1 || kind.isMax else {
            throw .unsupportedAttribute(.pending, attribute: "Indices", reason: "the second output of MaxPool is not supported")
        }
        let shape = inputs[0].shape
        guard shape.count == 4 else { throw .invalidNode(.pending, reason: "input \(shape) is not NCHW") }
        guard let window else { return [ValueInfo(shape: [shape[0], shape[1], 1, 1])] }
        return [ValueInfo(shape: Array(shape[..<2]) + (try window.resolve(Array(shape[2...])).output))]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let planes = x.shape[0] * x.shape[1], height = x.shape[2], width = x.shape[3]
        guard let window else {
            let y = context.allocate([x.shape[0], x.shape[1], 1, 1])
            for plane in 0..<planes {
                var sum: Double = 0
                let source = x.floats + plane * height * width
                for index in 0..<(height * width) { sum += Double(source[index]) }
                y.floats[plane] = Float(sum / Double(height * width))
            }
            return [y]
        }
        let (padBegin, output) = try window.resolve([height, width])
        let y = context.allocate(Array(x.shape[..<2]) + output)
        let padEnd = [window.pads[2], window.pads[3]]
        Parallel.forEach(planes, threads: context.threads) { plane in
            let source = x.floats + plane * height * width
            let destination = y.floats + plane * output[0] * output[1]
            if case .max = kind, window.isPlainPair, padBegin == [0, 0], 2 * output[0] <= height, 2 * output[1] <= width {
                // The 2x2 stride-2 max pooling of U-Nets, without the general window's bounds checks.
                for oy in 0..<output[0] {
                    let upper = source + 2 * oy * width, lower = upper + width, out = destination + oy * output[1]
                    for ox in 0..<output[1] {
                        out[ox] = max(max(upper[2 * ox], upper[2 * ox + 1]), max(lower[2 * ox], lower[2 * ox + 1]))
                    }
                }
                return
            }
            for oy in 0..<output[0] {
                let y0 = oy * window.strides[0] - padBegin[0]
                for ox in 0..<output[1] {
                    let x0 = ox * window.strides[1] - padBegin[1]
                    var maximum = -Float.infinity, sum: Float = 0, count = 0
                    for ky in 0..<window.kernel[0] {
                        let iy = y0 + ky * window.dilations[0]
                        guard iy >= 0, iy < height else { continue }
                        for kx in 0..<window.kernel[1] {
                            let ix = x0 + kx * window.dilations[1]
                            guard ix >= 0, ix < width else { continue }
                            let value = source[iy * width + ix]
                            maximum = max(maximum, value)
                            sum += value
                            count += 1
                        }
                    }
                    switch kind {
                    case .max:
                        destination[oy * output[1] + ox] = maximum
                    case .average(let countIncludePad):
                        // With count_include_pad, the divisor counts padding but not positions past it
                        // (a ceil_mode window hanging over the end), as ONNX Runtime does.
                        var divisor = count
                        if countIncludePad {
                            let rows = min(y0 + window.extent(0), height + padEnd[0]) - y0
                            let columns = min(x0 + window.extent(1), width + padEnd[1]) - x0
                            divisor = ((rows - 1) / window.dilations[0] + 1) * ((columns - 1) / window.dilations[1] + 1)
                        }
                        destination[oy * output[1] + ox] = sum / Float(max(divisor, 1))
                    case .globalAverage:
                        break
                    }
                }
            }
        }
        return [y]
    }
}

private extension Pool.Kind {
    var isMax: Bool { if case .max = self { true } else { false } }
}
