import CKernels
import Testing
@testable import Inference

/// The portable C kernels (what a CPU without AVX-512 runs) give the same results as ONNX Runtime.
/// Serialized: the switch is process-wide.
@Suite(.serialized) struct PortableKernelTests {
    @Test(arguments: FixtureCase.all.filter { $0.name.hasPrefix("conv_") || $0.name.hasPrefix("net_") })
    func portableKernelsMatchONNXRuntime(_ fixture: FixtureCase) throws {
        ck_force_portable_kernels(1)
        defer { ck_force_portable_kernels(0) }
        #expect(ck_uses_avx512() == 0)
        let outputs = try InferenceSession(model: try fixture.loadModel(), threads: 2).run(try fixture.loadInputs())
        for (name, expected) in try fixture.loadOutputs() {
            let actual = try #require(outputs[name])
            let worst = try #require(Tolerance.worst(actual, expected))
            #expect(worst <= 1, "\(name): error \(worst * Tolerance.bound) over tolerance")
        }
    }

    /// The portable Winograd transforms (around the portable micro-kernels) against the direct convolution.
    @Test(arguments: WinogradTests.layers) func portableWinogradAgreesWithTheDirectConvolution(_ layer: WinogradTests.Layer) throws {
        ck_force_portable_kernels(1)
        defer { ck_force_portable_kernels(0) }
        let (worst, scale) = try WinogradTests.compareWithDirect(layer)
        #expect(worst <= WinogradTests.bound * scale, "worst difference \(worst) at scale \(scale)")
    }
}
