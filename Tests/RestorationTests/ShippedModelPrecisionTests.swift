import Foundation
import Inference
import Restoration
import Testing

/// What bf16 does to each shipped model's output, against the same model in fp32 on the parity fixture
/// inputs (ShippedModels/): the largest difference relative to the output's scale for every model, and
/// the effect a stage sees — for the detectors, agreement of the mask at the thresholds pipelines use; for
/// the inpainters, the PSNR of the fill inside the hole; for the colorizers, the colour difference ΔE of
/// the predicted chroma (a* b* in CIELAB units, L* unchanged). The bounds are the figures in
/// docs/INFERENCE.md, measured on this code with some room; a change that makes bf16 worse fails here.
/// Measured (2026-12-03): color-restore@1 3.4e-4; colorize@2 9.2e-2, ΔE max 7.9 (mean 1.5); colorize@3
/// 4.4e-2, ΔE max 1.8 (mean 0.6); colorize@4 1.1e-1, ΔE max 4.9; damage-unet@2 7.0e-2, 3 of 6144 pixels differ at 0.5, 1 at 0.95;
/// damage-unet@3 4.7e-2, none differ; damage-unet@4 1.5e-2, none differ at 0.5, 0.95 or 0.99; inpaint-unet@2 4.6e-2, fill 59 dB; inpaint-unet@3 2.0e-5, fill 108 dB;
/// upscale-x2@1 1.7e-3.
@Suite struct ShippedModelPrecisionTests {
    /// Per model: the relative bound, and the bound of its stage's own measure.
    struct Bound: Sendable {
        var relative: Float
        var maskAgreement: Double? = nil      // fraction of pixels classified alike, at least
        var fillPSNR: Double? = nil           // dB inside the hole, at least
        var maximumDeltaE: Float? = nil       // CIELAB units, at most
    }

    static let bounds: [String: Bound] = [
        "color-restore@1": Bound(relative: 1e-3),
        "colorize@2": Bound(relative: 0.15, maximumDeltaE: 12),
        "colorize@3": Bound(relative: 0.1, maximumDeltaE: 4),
        "colorize@4": Bound(relative: 0.15, maximumDeltaE: 6),
        "damage-unet@2": Bound(relative: 0.15, maskAgreement: 0.999),
        "damage-unet@3": Bound(relative: 0.1, maskAgreement: 0.999),
        "damage-unet@4": Bound(relative: 0.1, maskAgreement: 0.999),
        "inpaint-unet@2": Bound(relative: 0.1, fillPSNR: 50),
        "inpaint-unet@3": Bound(relative: 1e-3, fillPSNR: 80),
        "upscale-x2@1": Bound(relative: 5e-3),
    ]

    static let cases = ShippedModelTests.cases

    /// image_and_mask (1×4×H×W) with each RGB channel's hole pixels set to its mean outside the hole.
    static func prefilledWithTheMean(_ tensor: Tensor) -> Tensor {
        var values = tensor.values
        let plane = tensor.shape[2] * tensor.shape[3]
        let hole = (0..<plane).map { values[3 * plane + $0] > 0.5 }
        for channel in 0..<3 {
            let outside = (0..<plane).filter { !hole[$0] }.map { values[channel * plane + $0] }
            let mean = outside.reduce(0, +) / Float(max(outside.count, 1))
            for pixel in 0..<plane where hole[pixel] { values[channel * plane + pixel] = mean }
        }
        return Tensor(shape: tensor.shape, values: values)
    }

    @Test func everyShippedModelHasABound() {
        for fixture in Self.cases { #expect(Self.bounds[fixture.model] != nil, "\(fixture.model): measure bf16 and add its bound") }
    }

    @Test(.enabled(if: Precision.bf16Available), arguments: cases)
    func bf16StaysWithinItsMeasuredBound(_ fixture: ShippedModelTests.ParityCase) throws {
        let bound = try #require(Self.bounds[fixture.model])
        let reference = ModelReference(fixture.model)!
        let fp32 = try ShippedModelTests.shipped.load(reference)
        let bf16 = try ShippedModelTests.shipped.load(reference, precision: .bf16)
        #expect(bf16.network.precision == .bf16)
        var inputs = try fixture.inputs.mapValues { try NumPyFile.read(ShippedModelTests.folder.appendingPathComponent($0)) }
        if fp32.card.prefill != nil {
            // The fixture's holes hold zeros, which a corrector of a prefill clips back to zero, identically in
            // both precisions; a flat prefill (each channel's mean outside the hole) makes it correct something.
            inputs = inputs.mapValues(Self.prefilledWithTheMean)
        }
        let exact = try InferenceSession(model: fp32.network, threads: 2).run(inputs)
        let rounded = try InferenceSession(model: bf16.network, threads: 2).run(inputs)
        for name in fixture.outputs.keys.sorted() {
            let (a, b) = (try #require(exact[name]).values, try #require(rounded[name]).values)
            let scale = max(1, a.map(abs).max() ?? 0)
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= bound.relative * scale, "\(fixture.model) \(name): \(worst) at scale \(scale)")
        }
        let (a, b) = (exact.values.first!.values, rounded.values.first!.values)
        if let agreement = bound.maskAgreement {
            for threshold: Float in [0.5, 0.95, 0.99] {
                let alike = zip(a, b).filter { ($0 > threshold) == ($1 > threshold) }.count
                #expect(Double(alike) / Double(a.count) >= agreement, "\(fixture.model) at \(threshold): \(alike) of \(a.count)")
            }
        }
        if let minimum = bound.fillPSNR {
            // image_and_mask: RGB, then the hole (1); the output's RGB inside the hole is the fill.
            let input = try #require(inputs.values.first)
            let plane = input.shape[2] * input.shape[3]
            let hole = input.values[(3 * plane)...].enumerated().filter { $0.element > 0.5 }.map(\.offset)
            try #require(!hole.isEmpty)
            let squared = (0..<3).flatMap { c in hole.map { pow(Double(a[c * plane + $0] - b[c * plane + $0]), 2) } }
            let psnr = 10 * log10(1 / max(squared.reduce(0, +) / Double(squared.count), 1e-20))
            #expect(psnr >= minimum, "\(fixture.model): fill PSNR \(psnr) dB")
        }
        if let maximum = bound.maximumDeltaE {
            let plane = a.count / 2
            let deltaE = (0..<plane).map { hypot(a[$0] - b[$0], a[plane + $0] - b[plane + $0]) }.max() ?? .infinity
            #expect(deltaE <= maximum, "\(fixture.model): ΔE \(deltaE)")
        }
    }
}
