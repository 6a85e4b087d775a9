import Disclosure
import Testing
import Restoration

/// The `denoise` stage with the fixture test-denoiser (each channel's 3×3 mean, zero padding at the border;
/// Fixtures/make_models.py): what the model gives comes back clamped, tiles change nothing, gray stays gray,
/// and the step is disclosed as enhancement by a trained model.
@Suite struct DenoisingTests {
    private func stage(_ given: [String: ParameterValue] = ["model": .text("test-denoiser@1")]) throws -> Denoising {
        try Denoising(parameters: TestImages.parameters(Denoising.self, given), models: TestImages.models)
    }

    @Test func eachPixelIsWhatTheModelGives() throws {
        let image = TestImages.gradient(width: 23, height: 17)
        let output = try stage().apply(to: image, context: StageContext()).image
        #expect(output.width == 23 && output.height == 17 && output.planes.count == 3)
        for plane in 0..<3 {
            for y in 0..<17 {
                for x in 0..<23 {
                    #expect(abs(output.planes[plane][y * 23 + x] - TestImages.boxMean(image, plane, x, y)) < 1e-5, "\(plane) \(x),\(y)")
                }
            }
        }
    }

    @Test func tilesGiveTheWholeImagesResult() throws {
        let image = TestImages.gradient(width: 70, height: 45)
        let whole = try stage().apply(to: image, context: StageContext(tileSize: 4096)).image
        let tiled = try stage().apply(to: image, context: StageContext(tileSize: 16)).image
        #expect(whole == tiled)
    }

    @Test func grayComesBackGray() throws {
        let image = TestImages.whiteWithBlackSquare(width: 12, height: 10, x: 3, y: 3, side: 4, gray: true)
        let output = try stage().apply(to: image, context: StageContext()).image
        #expect(output.isGray)
        #expect(abs(output.planes[0][5 * 12 + 5] - TestImages.boxMean(image, 0, 5, 5)) < 1e-5)
    }

    @Test func theStepNamesTheModelAndDisclosesEnhancement() throws {
        let denoiser = try stage()
        #expect(denoiser.method == .trainedModel(try TestImages.models.load(ModelReference("test-denoiser@1")!).identity))
        #expect(Denoising.descriptor.disclosure == .algorithmicallyEnhanced)
        #expect(StageRegistry.stage(named: "denoise") == Denoising.self)
    }

    @Test func aModelNotInTheStoreIsAClearError() {
        let error = #expect(throws: RestorationError.self) { try stage(["model": .text("denoise@1")]) }
        #expect(error?.description.contains("denoise@1") == true)
    }
}
