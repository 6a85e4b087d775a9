import Disclosure
import Testing
@testable import Restoration

/// The `upscale` stage with the fixture test-upscaler (each channel's 3×3 mean, zero padding, repeated over
/// 2×2 blocks; Fixtures/make_models.py): the image comes back twice as wide and high with what the model
/// gives, tiles change nothing, gray stays gray, alpha is enlarged, and a factor the model was not made for
/// is refused.
@Suite struct UpscalingTests {
    private func stage(_ given: [String: ParameterValue] = ["model": .text("test-upscaler@1")]) throws -> Upscaling {
        try Upscaling(parameters: TestImages.parameters(Upscaling.self, given), models: TestImages.models)
    }

    @Test func theImageComesBackTwiceAsLargeWithTheModelsPixels() throws {
        let image = TestImages.gradient(width: 13, height: 7)
        let output = try stage().apply(to: image, context: StageContext()).image
        #expect(output.width == 26 && output.height == 14 && output.planes.allSatisfy { $0.count == 26 * 14 })
        for plane in 0..<3 {
            for y in 0..<14 {
                for x in 0..<26 {
                    #expect(abs(output.planes[plane][y * 26 + x] - TestImages.boxMean(image, plane, x / 2, y / 2)) < 1e-5, "\(plane) \(x),\(y)")
                }
            }
        }
    }

    @Test func tilesGiveTheWholeImagesResult() throws {
        let image = TestImages.gradient(width: 70, height: 45)
        let whole = try stage().apply(to: image, context: StageContext(tileSize: 4096)).image
        let tiled = try stage().apply(to: image, context: StageContext(tileSize: 16)).image
        #expect(whole == tiled && whole.width == 140 && whole.height == 90)
    }

    @Test func grayStaysGrayAndAlphaIsEnlarged() throws {
        var image = TestImages.whiteWithBlackSquare(width: 10, height: 8, x: 2, y: 2, side: 4, gray: true)
        image.alpha = [Float](repeating: 0.5, count: 80)
        let output = try stage().apply(to: image, context: StageContext()).image
        #expect(output.isGray && output.width == 20 && output.height == 16)
        #expect(output.alpha?.count == 320 && output.alpha?.allSatisfy { abs($0 - 0.5) < 1e-6 } == true)
    }

    @Test func aFactorTheModelWasNotMadeForIsRefused() throws {
        let error = #expect(throws: RestorationError.self) {
            try stage(["model": .text("test-upscaler@1"), "factor": .text("4")])
                .apply(to: TestImages.gradient(width: 8, height: 8), context: StageContext())
        }
        #expect(error?.description.contains("×4 expected") == true, "\(String(describing: error))")
    }

    @Test func theStepDisclosesInventedContentAndChangesEveryPixel() throws {
        #expect(Upscaling.descriptor.disclosure == .compositeWithTrainedAlgorithmicMedia)
        #expect(Upscaling.descriptor.invents == .imageContent && Upscaling.descriptor.resizes)
        let chain = try StageChain([ConfiguredStage(type: Upscaling.self, parameters: TestImages.parameters(
            Upscaling.self, ["model": .text("test-upscaler@1"), "strength": .number(0.5)]))], models: TestImages.models)
        let image = TestImages.gradient(width: 12, height: 9)
        let (result, steps) = try chain.run(image, outputBitDepth: 8)
        #expect(result.width == 24 && result.height == 18)
        #expect(steps[0].fractionChanged == 1)
        // strength 0.5: halfway between the model's pixels and a bilinear enlargement of the input
        let full = try stage().apply(to: image, context: StageContext()).image
        let enlarged = BilinearSampling(from: (12, 9), to: (24, 18)).resampled(image.planes[1])
        #expect(abs(result.planes[1][5 * 24 + 7] - (enlarged[5 * 24 + 7] + full.planes[1][5 * 24 + 7]) / 2) < 1e-5)
    }
}
