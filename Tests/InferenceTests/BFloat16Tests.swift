import CKernels
import Testing
@testable import Inference

/// The bf16 path: convolutions with bfloat16 weights and activations and fp32 sums stay within their
/// bound of ONNX Runtime's fp32 outputs, and a CPU without AVX512-BF16 runs fp32 instead.
/// Serialized: ck_force_no_bf16 is process-wide.
@Suite(.serialized) struct BFloat16Tests {
    /// Rounding both factors of every product to 8 significant bits gives each a relative error up to
    /// 2^-9; summed over a convolution's n products with random signs, the error grows about as sqrt(n)
    /// times the products' size. Largest seen, relative to the output's largest magnitude (at least 1):
    /// 8.1e-3 (net_denoiser), and 1.4e-2 for conv_clip_fused, whose Clip to [-0.5, 0.7] hides sums of
    /// about 10 that the error scales with. Far below what a wrong pairing of channels or taps gives (O(1)).
    static let bound: Float = 2e-2

    static let convolutions = FixtureCase.all.filter {
        ($0.name.hasPrefix("conv_") || $0.name.hasPrefix("net_")) && !$0.name.hasPrefix("convtranspose")
    }

    @Test(.enabled(if: Precision.bf16Available), arguments: convolutions)
    func bf16StaysWithinItsBoundOfONNXRuntime(_ fixture: FixtureCase) throws {
        let model = try Model(contentsOf: fixture.url(fixture.model), precision: .bf16)
        #expect(model.precision == .bf16)
        let outputs = try InferenceSession(model: model, threads: 2).run(try fixture.loadInputs())
        for (name, expected) in try fixture.loadOutputs() {
            let actual = try #require(outputs[name])
            #expect(actual.shape == expected.shape)
            let scale = max(1, expected.values.map(abs).max() ?? 0)
            let worst = zip(actual.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= Self.bound * scale, "\(name): error \(worst) at scale \(scale)")
        }
    }

    /// The bf16 path really runs: it rounds, so it differs from fp32, but tiles still match whole images.
    @Test(.enabled(if: Precision.bf16Available)) func bf16DiffersFromFP32AndTilesAsFP32Does() throws {
        let fixture = FixtureCase.named("net_unet")
        var state: UInt64 = 3
        let input = Tensor(shape: [1, 3, 72, 88], values: (0..<(3 * 72 * 88)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        })
        let fp32 = try InferenceSession(model: try fixture.loadModel(), threads: 2).run(input)
        let session = InferenceSession(model: try Model(contentsOf: fixture.url(fixture.model), precision: .bf16), threads: 2)
        let bf16 = try session.run(input)
        #expect(zip(bf16.values, fp32.values).contains { $0 != $1 })
        let tiled = try TiledRunner(session: session, tileSize: 16).runWithLayout(input)
        #expect(tiled.layout.tiles > 1)
        #expect(zip(tiled.output.values, bf16.values).allSatisfy { abs($0 - $1) <= 1e-4 })
    }

    @Test func aCPUWithoutBF16RunsFP32() throws {
        ck_force_no_bf16(1)
        defer { ck_force_no_bf16(0) }
        #expect(!Precision.bf16Available && Precision.bf16.available == .fp32)
        let fixture = FixtureCase.named("net_denoiser")
        let model = try Model(contentsOf: fixture.url(fixture.model), precision: .bf16)
        #expect(model.precision == .fp32)
        let outputs = try InferenceSession(model: model, threads: 2).run(try fixture.loadInputs())
        for (name, expected) in try fixture.loadOutputs() {
            let actual = try #require(outputs[name])
            let worst = try #require(Tolerance.worst(actual, expected))
            #expect(worst <= 1, "\(name): fp32 parity expected")
        }
    }

    /// A model packed for bf16 on a CPU that then reports no bf16 (only a test can do this) fails with an
    /// error naming the node, rather than computing with the wrong kernels.
    @Test(.enabled(if: Precision.bf16Available)) func losingBF16AfterLoadingIsAnError() throws {
        let fixture = FixtureCase.named("conv_3x3_pad1")
        let session = InferenceSession(model: try Model(contentsOf: fixture.url(fixture.model), precision: .bf16), threads: 1)
        ck_force_no_bf16(1)
        defer { ck_force_no_bf16(0) }
        let error = #expect(throws: InferenceError.self) { try session.run(try fixture.loadInputs()) }
        #expect(error?.description.contains("bf16") == true, "\(String(describing: error))")
    }
}
