/// The window attributes Conv, MaxPool and AveragePool share (kernel_shape, strides, dilations, pads,
/// auto_pad, ceil_mode), over the two spatial axes of an NCHW tensor.
struct SlidingWindow: Sendable {
    enum AutoPad: String, Sendable { case notSet = "NOTSET", sameUpper = "SAME_UPPER", sameLower = "SAME_LOWER", valid = "VALID" }

    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    /// ONNX order: begin of each axis, then end of each axis.
    var pads: [Int]
    var autoPad: AutoPad
    var ceilMode: Bool

    /// Reads the attributes; `kernel` is the kernel size when the weights tell it (Conv).
    init(_ attributes: NodeAttributes, kernel: [Int]?) throws(InferenceError) {
        guard let shape = try attributes.ints("kernel_shape") ?? kernel else {
            throw .invalidNode(.pending, reason: "kernel_shape is required")
        }
        guard shape.count == 2 else {
            throw .unsupportedAttribute(.pending, attribute: "kernel_shape", reason: "only 2-D windows (NCHW) are supported")
        }
        self.kernel = shape
        strides = try attributes.ints("strides") ?? [1, 1]
        dilations = try attributes.ints("dilations") ?? [1, 1]
        pads = try attributes.ints("pads") ?? [0, 0, 0, 0]
        let autoPadName = try attributes.string("auto_pad", default: "NOTSET")
        guard let autoPad = AutoPad(rawValue: autoPadName) else {
            throw .unsupportedAttribute(.pending, attribute: "auto_pad", reason: "unknown value \(autoPadName)")
        }
        self.autoPad = autoPad
        ceilMode = try attributes.int("ceil_mode", default: 0) != 0
        guard strides.count == 2, dilations.count == 2, pads.count == 4,
              (strides + dilations).allSatisfy({ $0 >= 1 }), pads.allSatisfy({ $0 >= 0 }) else {
            throw .invalidNode(.pending, reason: "strides, dilations and pads must be positive and 2-D")
        }
    }

    /// A 2x2 window with stride 2 and no dilation: every window lies inside the input when there is no padding.
    var isPlainPair: Bool { kernel == [2, 2] && strides == [2, 2] && dilations == [1, 1] }

    /// Extent of the dilated kernel along `axis`.
    func extent(_ axis: Int) -> Int { (kernel[axis] - 1) * dilations[axis] + 1 }

    /// Padding before each spatial axis and the output size, for an input of `size` (height, width).
    func resolve(_ size: [Int]) throws(InferenceError) -> (padBegin: [Int], output: [Int]) {
        var padBegin = [0, 0], output = [0, 0]
        for axis in 0..<2 {
            switch autoPad {
            case .notSet:
                padBegin[axis] = pads[axis]
                let span = size[axis] + pads[axis] + pads[axis + 2] - extent(axis)
                var count = (ceilMode ? (span + strides[axis] - 1) / strides[axis] : span / strides[axis]) + 1
                // With ceil_mode, a last window starting in the end padding is dropped (as ONNX Runtime does).
                if ceilMode && (count - 1) * strides[axis] >= size[axis] + pads[axis] { count -= 1 }
                output[axis] = span < 0 ? 0 : count
            case .valid:
                output[axis] = max(0, (size[axis] - extent(axis)) / strides[axis] + 1)
            case .sameUpper, .sameLower:
                output[axis] = (size[axis] + strides[axis] - 1) / strides[axis]
                let total = max(0, (output[axis] - 1) * strides[axis] + extent(axis) - size[axis])
                padBegin[axis] = autoPad == .sameUpper ? total / 2 : total - total / 2
            }
        }
        guard output.allSatisfy({ $0 > 0 }) else {
            throw .invalidNode(.pending, reason: "input \(size) is smaller than the window \(kernel)")
        }
        return (padBegin, output)
    }

    /// Pixels around an output pixel's position that its window reads, padding offset and stride
    /// included (for tiling).
    var spatialExtent: SpatialExtent {
        .halo((0..<2).map { axis in
            let reach = autoPad == .notSet ? max(pads[axis], extent(axis) - 1 - pads[axis]) : extent(axis) - 1
            return reach + strides[axis] - 1
        }.max()!)
    }
}
