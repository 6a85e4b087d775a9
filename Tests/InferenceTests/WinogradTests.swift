import CKernels
import Testing
@testable import Inference

/// Winograd F(4×4, 3×3) against the direct convolution it replaces: the same results within float rounding,
/// on layer shapes that exercise partial tiles, partial output blocks, narrow layers and padding, and on the
/// fixture networks, which ONNX Runtime's outputs check too.
@Suite struct WinogradTests {
    /// Largest |Winograd − direct| allowed, relative to the largest |output| (at least 1). F(4×4, 3×3)'s
    /// transforms scale values by up to 8² and back, which costs a few bits, more as the sum over input
    /// channels grows: on random layers the largest seen was 1.0e-5 (200 input channels), 2e-6–9e-6 on
    /// 13–64. 3e-5 leaves room for that and stays inside the ONNX Runtime parity bound (1e-4).
    static let bound: Float = 3e-5

    struct Layer: Sendable, CustomTestStringConvertible {
        var inputs: Int32, outputs: Int32, height: Int32, width: Int32, pad: Int32, dilation: Int32 = 1
        var testDescription: String { "\(inputs)→\(outputs) ch, \(height)×\(width), pad \(pad), dilation \(dilation)" }
    }

    static let layers: [Layer] = [
        Layer(inputs: 8, outputs: 8, height: 1, width: 1, pad: 1),        // one pixel: everything is padding
        Layer(inputs: 13, outputs: 70, height: 5, width: 7, pad: 1),      // a partial tile, two output blocks
        Layer(inputs: 64, outputs: 64, height: 37, width: 61, pad: 1),    // several items per row of tiles
        Layer(inputs: 32, outputs: 16, height: 9, width: 130, pad: 0),    // valid: the output shrinks by 2
        Layer(inputs: 200, outputs: 24, height: 11, width: 11, pad: 2),   // input channels in two chunks
        // Dilated: one undilated convolution per phase, each phase with its own size and padding (computed
        // right for any dilation, though models use Winograd only up to CK_WINOGRAD_MAX_DILATION).
        Layer(inputs: 16, outputs: 16, height: 23, width: 30, pad: 2, dilation: 2),
        Layer(inputs: 24, outputs: 40, height: 17, width: 13, pad: 4, dilation: 4),
        Layer(inputs: 8, outputs: 8, height: 9, width: 10, pad: 1, dilation: 3),     // padding less than the dilation
        Layer(inputs: 8, outputs: 8, height: 5, width: 6, pad: 0, dilation: 2),      // valid: one output row
    ]

    @Test(arguments: layers) func agreesWithTheDirectConvolution(_ layer: Layer) throws {
        let (worst, scale) = try Self.compareWithDirect(layer)
        #expect(worst <= Self.bound * scale, "worst difference \(worst) at scale \(scale)")
    }

    /// Runs one random layer both ways (on the kernels in use): the largest difference and the output's scale.
    static func compareWithDirect(_ layer: Layer) throws -> (worst: Float, scale: Float) {
        var geometry = ck_conv_geometry(
            in_channels: layer.inputs, in_height: layer.height, in_width: layer.width,
            out_channels: layer.outputs, out_height: layer.height + 2 * layer.pad - 2 * layer.dilation,
            out_width: layer.width + 2 * layer.pad - 2 * layer.dilation, kernel_height: 3, kernel_width: 3,
            stride_height: 1, stride_width: 1, dilation_height: layer.dilation, dilation_width: layer.dilation,
            pad_top: layer.pad, pad_left: layer.pad, groups: 1)
        let input = values(Int(layer.inputs * layer.height * layer.width), seed: 1, amplitude: 1)
        let weights = values(Int(layer.outputs * layer.inputs * 9), seed: 2, amplitude: 0.2)
        let bias = values(Int(layer.outputs), seed: 3, amplitude: 0.5)
        let activation = ck_activation(kind: CK_ACTIVATION_LEAKY_RELU, alpha: 0.1, low: 0, high: 0)
        let outputCount = Int(layer.outputs * geometry.out_height * geometry.out_width)

        let direct = TensorStorage(byteCount: ck_conv_packed_weights_count(&geometry) * 4)
        let winograd = TensorStorage(byteCount: ck_winograd_packed_weights_count(&geometry) * 4)
        ck_conv_pack_weights(&geometry, weights, direct.pointer.assumingMemoryBound(to: Float.self))
        ck_winograd_pack_weights(&geometry, weights, winograd.pointer.assumingMemoryBound(to: Float.self))
        var expected = [Float](repeating: 0, count: outputCount), actual = [Float](repeating: .nan, count: outputCount)
        #expect(ck_conv2d(&geometry, input, direct.pointer.assumingMemoryBound(to: Float.self), bias, activation, &expected, 2) == 0)
        let scratch = TensorStorage(byteCount: ck_conv2d_winograd_scratch_bytes(&geometry, 2))
        #expect(ck_conv2d_winograd(&geometry, input, winograd.pointer.assumingMemoryBound(to: Float.self), bias, activation,
                                   &actual, 2, scratch.pointer.assumingMemoryBound(to: Float.self)) == 0)
        let scale = max(1, expected.map(abs).max() ?? 0)
        return (zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity, scale)
    }

    @Test func onlyStrideOneThreeByThreeSingleGroupLayersQualify() {
        func geometry(kernel: Int32 = 3, stride: Int32 = 1, dilation: Int32 = 1, groups: Int32 = 1, channels: Int32 = 16) -> ck_conv_geometry {
            ck_conv_geometry(in_channels: channels, in_height: 8, in_width: 8, out_channels: channels, out_height: 8, out_width: 8,
                             kernel_height: kernel, kernel_width: kernel, stride_height: stride, stride_width: stride,
                             dilation_height: dilation, dilation_width: dilation, pad_top: 1, pad_left: 1, groups: groups)
        }
        var cases = [geometry(), geometry(dilation: CK_WINOGRAD_MAX_DILATION), geometry(dilation: CK_WINOGRAD_MAX_DILATION + 1),
                     geometry(kernel: 5), geometry(stride: 2), geometry(groups: 2), geometry(channels: CK_WINOGRAD_MIN_CHANNELS - 1)]
        #expect(cases.indices.map { ck_winograd_applies(&cases[$0]) } == [1, 1, 0, 0, 0, 0, 0])
    }

    @Test(arguments: ["net_unet", "net_denoiser"])
    func fixtureNetworksRunWinogradAndMatchTheDirectPath(_ name: String) throws {
        let fixture = FixtureCase.named(name)
        let inputs = try fixture.loadInputs()
        let model = try fixture.loadModel()
        let directModel = try Model(contentsOf: fixture.url(fixture.model), precision: .fp32, convolutions: .directOnly)
        #expect(Self.convolutions(in: model, running: .winograd) > 0)
        #expect(Self.convolutions(in: directModel, running: .winograd) == 0)

        let fast = try InferenceSession(model: model, threads: 2).run(inputs)
        let slow = try InferenceSession(model: directModel, threads: 2).run(inputs)
        for (name, expected) in try fixture.loadOutputs() {
            for outputs in [fast, slow] {
                let actual = try #require(outputs[name])
                let worst = try #require(Tolerance.worst(actual, expected))
                #expect(worst <= 1, "\(name): error \(worst * Tolerance.bound) over the ONNX Runtime tolerance")
            }
        }
    }

    /// `count` values in [−amplitude, amplitude], the same on every run (a 64-bit LCG's high bits).
    static func values(_ count: Int, seed: UInt64, amplitude: Float) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * amplitude
        }
    }

    static func convolutions(in model: Model, running algorithm: Conv.Algorithm) -> Int {
        model.nodes.filter { ($0.op as? Conv)?.algorithm == algorithm }.count
    }
}
