import COpenBLAS

/// ConvTranspose (2-D, NCHW): strides, dilations, pads, auto_pad, output_padding, output_shape, groups.
/// Computed as columns = Wᵀ·X (OpenBLAS sgemm) scattered back into the image (col2im), plus bias.
struct ConvTranspose: Operator, OperatorKernel {
    let weights: Tensor          // [in_channels][out_channels / groups][kh][kw]
    let bias: Tensor?
    let groups: Int
    let strides: [Int]
    let dilations: [Int]
    let pads: [Int]
    let autoPad: SlidingWindow.AutoPad
    let outputPadding: [Int]
    let outputShape: [Int]?

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        try attributes.require(only: ["auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides"])
        let weights = try node.constant(1, name: "W")
        guard weights.shape.count == 4 else {
            throw .unsupportedAttribute(.pending, attribute: "kernel_shape", reason: "only 2-D (4-D weights) is supported")
        }
        let autoPadName = try attributes.string("auto_pad", default: "NOTSET")
        guard let autoPad = SlidingWindow.AutoPad(rawValue: autoPadName) else {
            throw .unsupportedAttribute(.pending, attribute: "auto_pad", reason: autoPadName)
        }
        let groups = try attributes.int("group", default: 1)
        let bias = node.isPresent(2) ? try node.constant(2, name: "B") : nil
        guard groups >= 1, weights.shape[0] % groups == 0,
              bias.map({ $0.count == weights.shape[1] * groups }) ?? true else {
            throw .invalidNode(.pending, reason: "group \(groups), weights \(weights.shape) and bias do not agree")
        }
        return ConvTranspose(weights: weights, bias: bias, groups: groups,
                             strides: try attributes.ints("strides") ?? [1, 1], dilations: try attributes.ints("dilations") ?? [1, 1],
                             pads: try attributes.ints("pads") ?? [0, 0, 0, 0], autoPad: autoPad,
                             outputPadding: try attributes.ints("output_padding") ?? [0, 0],
                             outputShape: try attributes.ints("output_shape").map { Array($0.suffix(2)) })
    }

    private var outputChannels: Int { weights.shape[1] * groups }

    /// Padding before each spatial axis and the output size.
    private func geometry(_ size: [Int]) throws(InferenceError) -> (padBegin: [Int], output: [Int]) {
        var padBegin = [0, 0], output = [0, 0]
        for axis in 0..<2 {
            let extent = (weights.shape[axis + 2] - 1) * dilations[axis] + 1
            let natural = strides[axis] * (size[axis] - 1) + outputPadding[axis] + extent
            if let outputShape {
                output[axis] = outputShape[axis]
            } else if autoPad == .sameUpper || autoPad == .sameLower {
                output[axis] = size[axis] * strides[axis]
            } else {
                padBegin[axis] = autoPad == .valid ? 0 : pads[axis]
                output[axis] = natural - (autoPad == .valid ? 0 : pads[axis] + pads[axis + 2])
                continue
            }
            // Padding follows from the requested size; the odd unit goes at the end for SAME_UPPER only.
            let total = max(0, natural - output[axis])
            padBegin[axis] = autoPad == .sameUpper ? total / 2 : total - total / 2
        }
        guard output.allSatisfy({ $0 > 0 }) else { throw .invalidNode(.pending, reason: "output size \(output) is empty") }
        return (padBegin, output)
    }

    /// An output pixel receives from input pixels up to the kernel's extent divided by the stride away.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent {
        let rows = (weights.shape[2] - 1) * dilations[0] / strides[0] + 1
        let columns = (weights.shape[3] - 1) * dilations[1] / strides[1] + 1
        return .halo(max(rows, columns))
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        guard shape.count == 4, shape[1] == weights.shape[0] else {
            throw .invalidNode(.pending, reason: "input \(shape) does not have \(weights.shape[0]) channels in NCHW")
        }
        return [ValueInfo(shape: [shape[0], outputChannels] + (try geometry(Array(shape[2...])).output))]
    }

    /// The columns one group's matrix product fills: every kernel tap of every output channel, per input pixel.
    func scratchBytes(_ inputs: [[Int]], threads: Int) throws(InferenceError) -> Int {
        let shape = inputs[0]
        guard shape.count == 4 else { return 0 }
        return weights.shape[1] * weights.shape[2] * weights.shape[3] * shape[2] * shape[3] * 4
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let (padBegin, output) = try geometry(Array(x.shape[2...]))
        let y = context.allocate([x.shape[0], outputChannels] + output)
        let (height, width) = (x.shape[2], x.shape[3]), pixels = height * width
        let (kh, kw) = (weights.shape[2], weights.shape[3])
        let groupIn = weights.shape[0] / groups, groupOut = weights.shape[1], rows = groupOut * kh * kw
        let outputPlane = output[0] * output[1]
        let columns = context.scratch(rows * pixels)  // as scratchBytes plans it
        defer { context.recycle(columns) }
        openblas_set_num_threads(Int32(context.threads))
        for image in 0..<x.shape[0] {
            for group in 0..<groups {
                let source = x.floats + (image * x.shape[1] + group * groupIn) * pixels
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rows), Int32(pixels), Int32(groupIn), 1,
                            weights.floats + group * groupIn * rows, Int32(rows), source, Int32(pixels), 0, columns.floats, Int32(pixels))
                for channel in 0..<groupOut {
                    let destination = y.floats + (image * outputChannels + group * groupOut + channel) * outputPlane
                    destination.update(repeating: bias?.floats[group * groupOut + channel] ?? 0, count: outputPlane)
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let column = columns.floats + ((channel * kh + ky) * kw + kx) * pixels
                            for iy in 0..<height {
                                let oy = iy * strides[0] - padBegin[0] + ky * dilations[0]
                                guard oy >= 0, oy < output[0] else { continue }
                                for ix in 0..<width {
                                    let ox = ix * strides[1] - padBegin[1] + kx * dilations[1]
                                    if ox >= 0 && ox < output[1] { destination[oy * output[1] + ox] += column[iy * width + ix] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return [y]
    }
}
