import Testing
@testable import Restoration

/// restore-color's full-resolution transform: tone curves, then the 3×4 matrix, each sample clamped.
@Suite struct ColorTransformTests {
    @Test func curvesThenMatrixAsWrittenOut() {
        // Channel 0 inverted, channel 1 squared-ish (3 knots: 0, 0.25, 1), channel 2 identity; the matrix
        // swaps red and blue, halves green and lifts it, and the third row overshoots to test the clamp.
        let curves: [Float] = [1, 0.5, 0, 0, 0.25, 1, 0, 0.5, 1]
        let matrix: [Float] = [0, 0, 1, 0, 0, 0.5, 0, 0.25, 2, 0, 0, 0]
        let rgb: [[Float]] = [[0, 0.25, 0.5, 1, 1.5], [0, 0.5, 0.75, 1, -1], [0.2, 0.4, 0.6, 0.8, 1]]
        let result = ColorRestoration.apply(curves: curves, points: 3, matrix: matrix, to: rgb)
        let red: [Float] = [1, 0.75, 0.5, 0, 0]           // 1 - x, input clamped to [0,1]
        let green: [Float] = [0, 0.25, 0.625, 1, 0]       // 0 → 0.25 → 1, piecewise linear
        let blue: [Float] = [0.2, 0.4, 0.6, 0.8, 1]
        let expected: [[Float]] = [blue, green.map { 0.5 * $0 + 0.25 }, red.map { min(2 * $0, 1) }]
        for plane in 0..<3 {
            for pixel in 0..<5 { #expect(abs(result[plane][pixel] - expected[plane][pixel]) < 1e-6, "\(plane) \(pixel)") }
        }
    }
}

/// Quantizing to 8 or 16 bits rounds as `Float.rounded()` does (half away from zero), clamped to [0, 1].
@Suite struct QuantizationTests {
    @Test func quantizedRoundsAsFloatRounded() {
        var state: UInt64 = 3
        var values: [Float] = [-1, -0, 0, 1, 2, 0.5, 0.5 / 255, 1.5 / 255, 2.5 / 255, 254.5 / 255,
                               0.5 / 65535, 32767.5 / 65535, 1 - 1e-9, Float(1).nextDown, Float(0).nextUp]
        for _ in 0..<100_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Float(state >> 40) / Float(1 << 24) * 1.2 - 0.1)
        }
        for maximum: Float in [255, 65535] {
            for value in values {
                #expect(WorkingImage.quantized(value, maximum) == (min(max(value, 0), 1) * maximum).rounded(), "\(value)")
            }
        }
        // A half is rounded up, not to even: 2.5 → 3.
        #expect(WorkingImage.quantized(2.5 / 255, 255) == 3)
    }
}
