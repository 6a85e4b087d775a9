import CKernels

/// Conv (2-D, NCHW): any kernel size, stride, dilation, padding (explicit or auto_pad) and group count.
///
/// Load time packs the weights once into the micro-kernel's layout (`ck_conv_pack_weights`); a
/// BatchNormalization that followed has already been folded into the weights and bias, and a
/// following Relu/LeakyRelu/Clip is applied as outputs are stored (``GraphOptimizer``).
///
/// In fp32, a convolution `ck_winograd_applies` to (3×3, stride 1, one group, dilation at most 2, at least
/// 8 channels in and out: the bulk of every shipped model) runs as Winograd F(4×4, 3×3)
/// (`ck_conv2d_winograd`), its weights transformed at load; every other one runs the direct convolution. With ``Precision/bf16`` the weights are packed as bf16 pairs of input channels,
/// and each run converts its input to pair planes in memory from the arena (so tiles of one size reuse it).
struct Conv: Operator, OperatorKernel {
    /// Which C routine runs the convolution; the packed weights are in its layout.
    enum Algorithm: Sendable {
        case direct, winograd, directBF16
    }

    /// Which algorithms a model's convolutions may use: the fastest that applies, or the direct path only
    /// (for tests and measurements that compare the two).
    enum Choice: Sendable {
        case fastest, directOnly
    }

    let window: SlidingWindow
    let groups: Int
    let outputChannels: Int
    let inputChannels: Int
    let packedWeights: TensorStorage
    let algorithm: Algorithm
    let bias: Tensor?
    let activation: FusedActivation?

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        try node.attributes.require(only: ["auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"])
        let weights = try node.constant(1, name: "W")
        guard weights.shape.count == 4 else {
            throw .unsupportedAttribute(.pending, attribute: "kernel_shape", reason: "only 2-D convolution (4-D weights) is supported")
        }
        let window = try SlidingWindow(node.attributes, kernel: Array(weights.shape[2...]))
        guard window.kernel == Array(weights.shape[2...]) else {
            throw .invalidNode(.pending, reason: "kernel_shape \(window.kernel) does not match weights \(weights.shape)")
        }
        let groups = try node.attributes.int("group", default: 1)
        let bias = node.isPresent(2) ? try node.constant(2, name: "B") : nil
        guard groups >= 1, weights.shape[0] % groups == 0, bias.map({ $0.count == weights.shape[0] }) ?? true else {
            throw .invalidNode(.pending, reason: "group \(groups), weights \(weights.shape) and bias do not agree")
        }
        var geometry = ck_conv_geometry()
        geometry.in_channels = Int32(weights.shape[1] * groups)
        geometry.out_channels = Int32(weights.shape[0])
        geometry.kernel_height = Int32(window.kernel[0])
        geometry.kernel_width = Int32(window.kernel[1])
        geometry.groups = Int32(groups)
        (geometry.stride_height, geometry.stride_width) = (Int32(window.strides[0]), Int32(window.strides[1]))
        (geometry.dilation_height, geometry.dilation_width) = (Int32(window.dilations[0]), Int32(window.dilations[1]))
        let algorithm: Algorithm = switch node.precision {
        case .bf16: .directBF16
        case .fp32: node.convolutions == .fastest && ck_winograd_applies(&geometry) != 0 ? .winograd : .direct
        }
        let packed: TensorStorage
        switch algorithm {
        case .direct:
            packed = TensorStorage(byteCount: ck_conv_packed_weights_count(&geometry) * 4)
            ck_conv_pack_weights(&geometry, weights.floats, packed.pointer.assumingMemoryBound(to: Float.self))
        case .winograd:
            packed = TensorStorage(byteCount: ck_winograd_packed_weights_count(&geometry) * 4)
            ck_winograd_pack_weights(&geometry, weights.floats, packed.pointer.assumingMemoryBound(to: Float.self))
        case .directBF16:
            packed = TensorStorage(byteCount: ck_conv_packed_weights_bf16_count(&geometry) * 4)
            ck_conv_pack_weights_bf16(&geometry, weights.floats, packed.pointer.assumingMemoryBound(to: Float.self))
        }
        return Conv(window: window, groups: groups, outputChannels: weights.shape[0],
                    inputChannels: weights.shape[1] * groups, packedWeights: packed, algorithm: algorithm,
                    bias: bias, activation: node.fusedActivation)
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { window.spatialExtent }

    /// Bytes of memory from the arena a run on an input of `shape` (NCHW) uses while it runs: the pair
    /// planes a bf16 run converts into, or Winograd's scratch for `threads` threads; 0 for the direct path.
    func scratchBytes(_ inputs: [[Int]], threads: Int) throws(InferenceError) -> Int {
        try workspaceBytes(for: inputs[0], threads: threads)
    }

    func workspaceBytes(for shape: [Int], threads: Int) throws(InferenceError) -> Int {
        guard shape.count == 4, algorithm != .direct else { return 0 }
        var geometry = try self.geometry(for: shape)
        return algorithm == .directBF16
            ? ck_conv2d_bf16_pair_words(&geometry) * 4 : ck_conv2d_winograd_scratch_bytes(&geometry, Int32(threads))
    }

    private func geometry(for shape: [Int]) throws(InferenceError) -> ck_conv_geometry {
        let (padBegin, output) = try window.resolve(Array(shape[2...]))
        return ck_conv_geometry(
            in_channels: Int32(inputChannels), in_height: Int32(shape[2]), in_width: Int32(shape[3]),
            out_channels: Int32(outputChannels), out_height: Int32(output[0]), out_width: Int32(output[1]),
            kernel_height: Int32(window.kernel[0]), kernel_width: Int32(window.kernel[1]),
            stride_height: Int32(window.strides[0]), stride_width: Int32(window.strides[1]),
            dilation_height: Int32(window.dilations[0]), dilation_width: Int32(window.dilations[1]),
            pad_top: Int32(padBegin[0]), pad_left: Int32(padBegin[1]), groups: Int32(groups))
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = inputs[0].shape
        guard shape.count == 4, shape[1] == inputChannels else {
            throw .invalidNode(.pending, reason: "input \(shape) does not have \(inputChannels) channels in NCHW")
        }
        let output = try window.resolve(Array(shape[2...])).output
        return [ValueInfo(shape: [shape[0], outputChannels] + output)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        var geometry = try geometry(for: x.shape)
        let y = context.allocate([x.shape[0], outputChannels, Int(geometry.out_height), Int(geometry.out_width)])
        let inputImage = x.count / max(x.shape[0], 1), outputImage = y.count / max(y.shape[0], 1)
        let weights = packedWeights.pointer.assumingMemoryBound(to: Float.self)
        let activation = self.activation?.kernelActivation ?? ck_activation(kind: CK_ACTIVATION_NONE, alpha: 0, low: 0, high: 0)
        let workspaceBytes = try workspaceBytes(for: x.shape, threads: context.threads)
        let workspace = workspaceBytes > 0 ? context.scratch(workspaceBytes / 4) : nil
        defer { if let workspace { context.recycle(workspace) } }
        let threads = Int32(context.threads)
        for image in 0..<x.shape[0] {
            let (input, output) = (x.floats + image * inputImage, y.floats + image * outputImage)
            let status = switch algorithm {
            case .direct: ck_conv2d(&geometry, input, weights, bias?.floats, activation, output, threads)
            case .winograd:
                ck_conv2d_winograd(&geometry, input, weights, bias?.floats, activation, output, threads, workspace!.floats)
            case .directBF16:
                ck_conv2d_bf16(&geometry, input, weights, bias?.floats, activation, output, threads, workspace!.floats)
            }
            // -2: no AVX512-BF16. Model loads bf16 only where the CPU has it, so only a test that turned it
            // off after loading (ck_force_no_bf16) gets here.
            guard status != -2 else { throw .invalidNode(.pending, reason: "the bf16 path is not available on this CPU") }
            guard status == 0 else { throw .allocationFailed(bytes: ck_conv2d_scratch_bytes(&geometry, threads)) }
        }
        return [y]
    }
}
