import Disclosure
import Restoration
import Testing

/// `detect-damage`'s safeguards: regions too large for a fill, or found with too little confidence, are
/// left out of the mask, and the step says what it marked and what it dropped.
@Suite struct DetectionSafeguardTests {
    static func detect(_ image: WorkingImage, _ given: [String: ParameterValue]) throws -> StageOutput {
        let stage = try DamageDetection(parameters: TestImages.parameters(DamageDetection.self,
            ["model": .text("test-detector@1"), "dilate": .integer(0)].merging(given) { $1 }), models: TestImages.models)
        return try stage.apply(to: image, context: StageContext())
    }

    /// White with a 12×12 and a 4×4 black square: the detector finds them shrunk by a pixel, 10×10 and 2×2.
    static let twoSquares: WorkingImage = {
        var image = TestImages.whiteWithBlackSquare(width: 50, height: 30, x: 5, y: 5, side: 12)
        for plane in image.planes.indices { for y in 20..<24 { for x in 30..<34 { image.planes[plane][y * 50 + x] = 0 } } }
        return image
    }()

    @Test func aRegionLargerThanMaxRegionIsDroppedNotFilled() throws {
        let output = try Self.detect(Self.twoSquares, ["max-region": .integer(50), "min-region": .integer(4)])
        let regions = try #require(output.regions)
        #expect(regions.count == 1 && regions.area == 4)
        #expect(regions.boxes == [RegionSummary.Box(x: 31, y: 21, width: 2, height: 2, area: 4)])
        #expect(regions.dropped == ["larger-than-max-region": 1])
        #expect(output.mask?.values[10 * 50 + 10] == 0, "the large square is not in the mask")
        let both = try Self.detect(Self.twoSquares, ["max-region": .integer(100), "min-region": .integer(4)])
        #expect(both.regions?.count == 2 && both.regions?.dropped == [:] && both.regions?.area == 104)
    }

    @Test func aRegionBelowMinConfidenceIsDropped() throws {
        // gray 0.24: just under the fixture detector's line at 0.25, so its probability is about 0.65
        var image = TestImages.whiteWithBlackSquare(width: 30, height: 30, x: 5, y: 5, side: 8)
        for plane in image.planes.indices {
            for y in 5..<13 { for x in 5..<13 { image.planes[plane][y * 30 + x] = 0.24 } }
        }
        // the fixture's probabilities need the old default threshold, not damage-unet@4's calibrated 0.99
        #expect(try Self.detect(image, ["min-confidence": .number(0.6), "threshold": .number(0.5)]).regions?.count == 1)
        let unsure = try Self.detect(image, ["min-confidence": .number(0.7), "threshold": .number(0.5)])
        #expect(unsure.regions?.count == 0 && unsure.regions?.dropped == ["below-min-confidence": 1])
        #expect(unsure.mask?.coverage == 0)
    }

    @Test func specksBelowMinRegionAreCountedAsDropped() throws {
        let output = try Self.detect(Self.twoSquares, ["min-region": .integer(5)])
        #expect(output.regions?.dropped == ["smaller-than-min-region": 1] && output.regions?.count == 1)
    }

    @Test func onlyTheLargestBoxesAreKept() throws {
        // 30 specks of 2×2 in a row, and one 3×3: the count stays exact, the boxes stop at the limit
        var values = [UInt8](repeating: 0, count: 200 * 10)
        for speck in 0..<30 { for dy in 0..<2 { for dx in 0..<2 { values[(2 + dy) * 200 + speck * 6 + dx] = 1 } } }
        for dy in 0..<3 { for dx in 0..<3 { values[(6 + dy) * 200 + 100 + dx] = 1 } }
        let summary = RegionSummary(marked: DamageMask(width: 200, height: 10, values: values))
        #expect(summary.count == 31 && summary.area == 30 * 4 + 9)
        #expect(summary.boxes.count == RegionSummary.boxLimit && summary.boxes[0].area == 9)
    }

    @Test func safeguardParametersHaveConservativeDefaultsAndRanges() {
        let descriptor = DamageDetection.descriptor
        #expect(descriptor.parameter("max-region")?.defaultValue == .integer(40_000))
        #expect(descriptor.parameter("min-confidence")?.defaultValue == .number(0.6))
        #expect(descriptor.parameter("min-confidence")?.kind == .number(0...1))
    }
}
