import Disclosure
import Foundation
@testable import Restoration
import Testing

/// `inpaint` with `method: telea` and `method: auto`: the classical fill restores smooth content, never
/// touches a pixel outside the hole, and the step says which method filled which region.
@Suite struct TeleaInpaintingTests {
    /// A smooth image: a ramp with a gentle curve, distinct per channel.
    static func smooth(width: Int, height: Int) -> WorkingImage {
        func plane(_ a: Float, _ b: Float) -> [Float] {
            (0..<width * height).map { i in
                let (x, y) = (Float(i % width) / Float(width), Float(i / width) / Float(height))
                return 0.15 + a * x + b * y + 0.05 * sin(3 * x + 2 * y)
            }
        }
        return WorkingImage(width: width, height: height, planes: [plane(0.5, 0.2), plane(0.1, 0.6), plane(0.3, 0.3)])
    }

    static func mask(width: Int, height: Int, marking: (Int, Int) -> Bool) -> DamageMask {
        DamageMask(width: width, height: height,
                   values: (0..<width * height).map { marking($0 % width, $0 / width) ? 1 : 0 })
    }

    static func stage(_ given: [String: ParameterValue]) throws -> Inpainting {
        try Inpainting(parameters: TestImages.parameters(Inpainting.self, given), models: TestImages.models)
    }

    @Test func restoresASmoothGradientAcrossAThinHoleAndLeavesEverythingElseBitForBit() throws {
        let image = Self.smooth(width: 80, height: 60)
        // a scratch 3 pixels wide across the picture, slanted, and a speck
        let hole = Self.mask(width: 80, height: 60) { x, y in
            let scratch = abs(y - (10 + x / 3)) <= 1
            let (dx, dy) = (x - 60, y - 45)
            return scratch || dx * dx + dy * dy <= 4
        }
        let stage = try Self.stage(["method": .text("telea"), "radius": .integer(5)])
        #expect(stage.method == .classical(algorithm: "telea") && Inpainting.model(for: TestImages.parameters(
            Inpainting.self, ["method": .text("telea")])) == nil, "telea loads no model")
        #expect(Inpainting.disclosure(for: TestImages.parameters(Inpainting.self, ["method": .text("telea")])) == .compositeSynthetic)
        #expect(Inpainting.disclosure(for: TestImages.parameters(Inpainting.self)) == .compositeWithTrainedAlgorithmicMedia)
        let output = try stage.apply(to: image, context: StageContext(masks: ["detect-damage": hole]))
        var worst: Float = 0
        for plane in 0..<3 {
            for pixel in hole.values.indices {
                if hole.values[pixel] == 1 {
                    worst = max(worst, abs(output.image.planes[plane][pixel] - image.planes[plane][pixel]))
                } else {
                    #expect(output.image.planes[plane][pixel].bitPattern == image.planes[plane][pixel].bitPattern)
                }
            }
        }
        // a weighted mean (as OpenCV's) flattens a ramp a little across the hole: 0.013 here, 3 grey levels
        #expect(worst < 0.015, "largest error in the hole: \(worst)")
        let regions = try #require(output.regions)
        #expect(regions.count == 2 && regions.area == hole.values.reduce(0) { $0 + Int($1) })
        #expect(regions.filledBy == ["telea": 2] && regions.boxes.first?.method == "telea")
        #expect(output.method == .classical(algorithm: "telea") && output.disclosure == .compositeSynthetic)
    }

    @Test func aWideHoleInARampIsFilledWithinTheRampsRangeAndCloseToIt() throws {
        // A weighted mean never overshoots what is around the hole (the first-order estimate did, in wide
        // holes); across a 5-px strip of a gentle ramp it stays within 6 grey levels of it (0.021 here).
        let plane: [Float] = (0..<40 * 30).map { i in
            let (x, y) = (Float(i % 40), Float(i / 40))
            return x / 80 + y / 120
        }
        let image = WorkingImage(width: 40, height: 30, planes: [plane])
        let hole = Self.mask(width: 40, height: 30) { x, y in (12...16).contains(x) && (5...24).contains(y) }
        let output = try Self.stage(["method": .text("telea")]).apply(to: image, context: StageContext(masks: ["detect-damage": hole]))
        let known = hole.values.indices.filter { hole.values[$0] == 0 }.map { plane[$0] }
        let (low, high) = (known.min()!, known.max()!)
        let filled = hole.values.indices.filter { hole.values[$0] == 1 }
        #expect(filled.allSatisfy { (low...high).contains(output.image.planes[0][$0]) })
        let worst = filled.map { abs(output.image.planes[0][$0] - plane[$0]) }.max() ?? 1
        #expect(worst < 0.025, "\(worst)")
    }

    @Test func autoFillsNarrowHolesClassicallyAndWideOnesWithTheModel() throws {
        let image = Self.smooth(width: 60, height: 40)
        let line = { (x: Int, y: Int) in y == 5 && (5..<50).contains(x) }          // 1 px wide
        let blob = { (x: Int, y: Int) in (20..<30).contains(x) && (20..<30).contains(y) }  // 10 px wide
        let stage = try Self.stage(["method": .text("auto"), "model": .text("test-inpainter@1"), "classical-below": .integer(3)])
        let both = Self.mask(width: 60, height: 40) { line($0, $1) || blob($0, $1) }
        let output = try stage.apply(to: image, context: StageContext(masks: ["detect-damage": both]))
        let regions = try #require(output.regions)
        #expect(regions.filledBy == ["telea": 1, "test-inpainter@1": 1])
        #expect(regions.boxes.map(\.method) == ["test-inpainter@1", "telea"], "largest first")
        #expect(output.image.planes[0][25 * 60 + 25] == 0.5, "the fixture inpainter fills with gray")
        #expect(abs(output.image.planes[0][5 * 60 + 20] - image.planes[0][5 * 60 + 20]) < 0.01)
        #expect(output.method == nil && output.disclosure == nil, "the model filled a region: a trained-model step")

        let narrowOnly = Self.mask(width: 60, height: 40, marking: line)
        let classical = try stage.apply(to: image, context: StageContext(masks: ["detect-damage": narrowOnly]))
        #expect(classical.method == .classical(algorithm: "telea") && classical.disclosure == .compositeSynthetic,
                "no model touched the image, so the step must not claim one")
    }

    @Test func theChainRecordsWhatWasDoneNotWhatWasAllowed() throws {
        let image = Self.smooth(width: 30, height: 20)
        let hole = Self.mask(width: 30, height: 20) { x, y in y == 7 && (3..<20).contains(x) }
        let chain = try StageChain([ConfiguredStage(type: Inpainting.self, parameters: TestImages.parameters(Inpainting.self, [
            "method": .text("auto"), "model": .text("test-inpainter@1"), "mask": .text("supplied")]))],
            models: TestImages.models)
        let (_, steps) = try chain.run(image, outputBitDepth: 16, suppliedMask: hole)
        #expect(steps[0].method == .classical(algorithm: "telea") && steps[0].disclosure == .compositeSynthetic)
        #expect(steps[0].regions?.count == 1 && steps[0].fractionChanged > 0)
    }

    @Test func holeWidthIsTheWidestPart() {
        func width(_ marking: @escaping (Int, Int) -> Bool) -> [Int] {
            MaskRegion.regions(of: Self.mask(width: 30, height: 30, marking: marking)).map { $0.holeWidth() }
        }
        #expect(width { x, y in y == 4 && x < 20 } == [1])
        #expect(width { x, y in (3...5).contains(y) && x < 20 } == [3])
        #expect(width { x, y in (10..<15).contains(x) && (10..<15).contains(y) } == [5])
        #expect(width { x, y in x == y } == [1], "a diagonal line is one pixel wide")
    }

    @Test func sparseHolesInALargeImageCostTheirBoxes() throws {
        // 3000×2000 with 40 specks: only the boxes around the specks are worked on
        let (width, height) = (3000, 2000)
        let image = WorkingImage(width: width, height: height,
                                 planes: [[Float](repeating: 0.4, count: width * height)])
        let hole = Self.mask(width: width, height: height) { x, y in (x % 300 == 17 || x % 300 == 18) && y % 400 == 33 }
        let clock = ContinuousClock()
        let started = clock.now
        let output = try Self.stage(["method": .text("telea")]).apply(to: image, context: StageContext(masks: ["detect-damage": hole]))
        #expect(output.regions?.count == 50 && output.regions?.boxes.count == RegionSummary.boxLimit)
        #expect(abs(output.image.planes[0][33 * width + 17] - 0.4) < 1e-5, "a flat gray is filled with itself")
        #expect(clock.now - started < .seconds(20), "\(clock.now - started)")
    }
}
