import Foundation
@testable import Restoration
import Testing

/// Colorization at any size: the proxy keeps the aspect ratio and is padded (mirrored) to the network's
/// multiple, so sizes that once broke the shipped model's concatenation (768×512, 1000×700, 336×256) and
/// prime, sliver and tiny sizes work — or, for a 1×1 image, are refused with the reason.
@Suite struct ColorizationSizeTests {
    @Test func theProxyKeepsTheAspectRatioAndPadsToTheMultiple() {
        let grid = ProxyGrid(width: 768, height: 512, longSide: 256, multiple: 8)
        #expect(grid == ProxyGrid(width: 768, height: 512, longSide: 256, multiple: 8))
        #expect((grid.width, grid.height, grid.paddedWidth, grid.paddedHeight) == (256, 171, 256, 176))
        let sliver = ProxyGrid(width: 7001, height: 3, longSide: 256, multiple: 8)
        #expect((sliver.width, sliver.height, sliver.paddedWidth, sliver.paddedHeight) == (256, 1, 256, 8))
        let small = ProxyGrid(width: 20, height: 13, longSide: 256, multiple: 8)
        #expect((small.width, small.height, small.paddedWidth, small.paddedHeight) == (20, 13, 24, 16), "never scaled up")
    }

    @Test func paddingMirrorsWithoutRepeatingTheEdgeAndCropsBack() {
        #expect((0..<9).map { ProxyGrid.mirror($0, count: 4) } == [0, 1, 2, 3, 2, 1, 0, 1, 2])
        #expect((0..<3).map { ProxyGrid.mirror($0, count: 1) } == [0, 0, 0])
        let grid = ProxyGrid(width: 3, height: 2, longSide: 256, multiple: 4)
        let plane: [Float] = [1, 2, 3, 4, 5, 6]
        let padded = grid.pad(plane)
        #expect(padded == [1, 2, 3, 2, 4, 5, 6, 5, 1, 2, 3, 2, 4, 5, 6, 5])
        #expect(grid.crop(padded + padded, plane: 1) == plane)
    }

    /// The shipped colorizer (the default version) on gray images of awkward sizes.
    @Test(arguments: [(768, 512), (1000, 700), (336, 256), (257, 509), (7001, 3), (3, 700), (17, 16)])
    func theShippedColorizerRunsAtAnySize(_ size: (Int, Int)) throws {
        let (width, height) = size
        let plane = (0..<(width * height)).map { Float(($0 % width) ^ ($0 / width)) .truncatingRemainder(dividingBy: 97) / 97 }
        let image = WorkingImage(width: width, height: height, planes: [plane])
        let stage = try Colorization(parameters: TestImages.parameters(Colorization.self), models: ShippedModelTests.shipped)
        let output = try stage.apply(to: image, context: StageContext()).image
        #expect(output.width == width && output.height == height && output.planes.count == 3)
        #expect(output.planes.allSatisfy { $0.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 } })
    }

    @Test func aOnePixelImageIsRefusedWithTheReasonBeforeAnyStageRuns() throws {
        let stage = try Colorization(parameters: TestImages.parameters(Colorization.self), models: ShippedModelTests.shipped)
        let error = #expect(throws: RestorationError.self) {
            try stage.check(WorkingImage(width: 1, height: 1, planes: [[0.5]]))
        }
        #expect(error?.description.contains("at least 16 pixels on its long side") == true, "\(String(describing: error))")
    }
}
