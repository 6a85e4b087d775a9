import Inference
import Raster
import Restoration
import Testing

/// The one image↔tensor mapping, used by the stages' models and by `conservator infer`.
@Suite struct WorkingImageTensorTests {
    @Test func grayIsRepeatedToThreeChannelsAndAlphaIsLeftOut() {
        let image = RasterImage(width: 2, height: 1, channels: 2, bitDepth: 8, samples: .uint8([0, 255, 51, 0]))
        let tensor = WorkingImage(image).tensor
        #expect(tensor.shape == [1, 3, 1, 2])
        let expected: [Float] = [0, 0.2, 0, 0.2, 0, 0.2]
        #expect(zip(tensor.values, expected).allSatisfy { abs($0 - $1) < 1e-7 } && tensor.values.count == 6)
    }

    @Test func sixteenBitRGBSurvivesTheRoundTrip() throws {
        let samples = (0..<(3 * 4 * 3)).map { UInt16($0 * 1811) }
        let image = RasterImage(width: 4, height: 3, channels: 3, bitDepth: 16, samples: .uint16(samples))
        let back = try #require(WorkingImage(WorkingImage(image).tensor))
        #expect(back.raster(bitDepth: 16, iccProfile: nil).samples == .uint16(samples))
    }

    @Test func outputsAreClampedAndOnlyOneOrThreeChannelsAreImages() throws {
        let gray = try #require(WorkingImage(Tensor(shape: [1, 1, 1, 3], values: [-0.5, 0.5, 1.5])))
        #expect(gray.isGray && gray.raster(bitDepth: 8, iccProfile: nil).samples == .uint8([0, 128, 255]))
        #expect(WorkingImage(Tensor(shape: [1, 2, 1, 1], values: [0, 0])) == nil)
        #expect(WorkingImage(Tensor(shape: [3, 1, 1], values: [0, 0, 0])) == nil)
    }
}
