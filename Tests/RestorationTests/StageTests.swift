import Foundation
import Raster
import Restoration
import Testing

@Suite struct StageTests {
    @Test func detectorMarksDarkPixelsThenDilates() throws {
        let image = TestImages.whiteWithBlackSquare(width: 40, height: 30, x: 10, y: 8, side: 6)
        // The fixture detector averages a 3x3 neighbourhood, so it finds the square shrunk by one pixel;
        // `dilate: 1` grows it back to exactly the square.
        let stage = try DamageDetection(parameters: TestImages.parameters(DamageDetection.self, [
            "model": .text("test-detector@1"), "dilate": .integer(1), "min-region": .integer(1)]),
            models: TestImages.models)
        let output = try stage.apply(to: image, context: StageContext())
        let mask = try #require(output.mask)
        let expected = (0..<(40 * 30)).map { i -> UInt8 in
            (10..<16).contains(i % 40) && (8..<14).contains(i / 40) ? 1 : 0
        }
        #expect(mask.values == expected)
        #expect(output.image == image, "a detector leaves the pixels alone")
        guard case .trainedModel(let model) = stage.method else { Issue.record("not a model method"); return }
        #expect(model.name == "test-detector" && model.version == "1" && model.sha256.count == 64)
    }

    @Test func detectorDropsRegionsBelowMinimum() throws {
        let image = TestImages.whiteWithBlackSquare(width: 30, height: 30, x: 5, y: 5, side: 4)
        // The 4x4 square is found as 2x2 = 4 pixels: below a minimum of 5 it is ignored.
        let stage = try DamageDetection(parameters: TestImages.parameters(DamageDetection.self, [
            "model": .text("test-detector@1"), "dilate": .integer(0), "min-region": .integer(5)]),
            models: TestImages.models)
        #expect(try stage.apply(to: image, context: StageContext()).mask?.coverage == 0)
    }

    @Test func tiledDetectionEqualsWholeImage() throws {
        let image = TestImages.whiteWithBlackSquare(width: 70, height: 45, x: 30, y: 20, side: 9)
        let stage = try DamageDetection(parameters: TestImages.parameters(DamageDetection.self, [
            "model": .text("test-detector@1")]), models: TestImages.models)
        let whole = try stage.apply(to: image, context: StageContext(tileSize: 4096)).mask
        let tiled = try stage.apply(to: image, context: StageContext(tileSize: 16)).mask
        #expect(whole == tiled)
        #expect((whole?.coverage ?? 0) > 0)
    }

    @Test func inpainterFillsOnlyTheHole() throws {
        let image = TestImages.gradient(width: 24, height: 16)
        var hole = [UInt8](repeating: 0, count: 24 * 16)
        for i in [30, 31, 54, 55, 100] { hole[i] = 1 }
        let stage = try Inpainting(parameters: TestImages.parameters(Inpainting.self, ["model": .text("test-inpainter@1")]),
                                   models: TestImages.models)
        let context = StageContext(masks: ["detect-damage": DamageMask(width: 24, height: 16, values: hole)])
        let output = try stage.apply(to: image, context: context)
        for plane in 0..<3 {
            for pixel in 0..<(24 * 16) {
                let expected = hole[pixel] == 1 ? 0.5 : image.planes[plane][pixel]
                #expect(output.image.planes[plane][pixel] == expected)
            }
        }
    }

    @Test func tiledInpaintingSkipsOnlyTilesWithoutHoles() throws {
        // Holes in three of the 5×4 tiles of 8 px (one on a tile edge, one in the last, partial, tile).
        let image = TestImages.gradient(width: 37, height: 30)
        var hole = [UInt8](repeating: 0, count: 37 * 30)
        for (x, y) in [(3, 2), (8, 8), (7, 8), (36, 29), (35, 29)] { hole[y * 37 + x] = 1 }
        let stage = try Inpainting(parameters: TestImages.parameters(Inpainting.self, ["model": .text("test-inpainter@1")]),
                                   models: TestImages.models)
        let mask = DamageMask(width: 37, height: 30, values: hole)
        let tiled = try stage.apply(to: image, context: StageContext(masks: ["detect-damage": mask], tileSize: 8))
        let whole = try stage.apply(to: image, context: StageContext(masks: ["detect-damage": mask], tileSize: 4096))
        #expect(tiled.image.planes == whole.image.planes)
        for pixel in hole.indices where hole[pixel] == 1 { #expect(tiled.image.planes[0][pixel] == 0.5) }
        #expect(mask.marksSome(rows: 0..<8, columns: 0..<8) && !mask.marksSome(rows: 0..<8, columns: 8..<16))
        #expect(mask.marksSome(rows: 8..<16, columns: 8..<16) && mask.marksSome(rows: 24..<30, columns: 32..<37))
    }

    @Test func inpaintingWithoutTheMaskIsRefused() throws {
        let stage = try Inpainting(parameters: TestImages.parameters(Inpainting.self, ["model": .text("test-inpainter@1")]),
                                   models: TestImages.models)
        #expect(throws: RestorationError.refused(stage: "inpaint",
                                                 cause: "no mask from 'detect-damage' (it must run earlier in the pipeline)")) {
            try stage.apply(to: TestImages.gradient(width: 8, height: 8), context: StageContext())
        }
    }

    @Test func colorModelAppliesPredictedTransform() throws {
        let image = TestImages.gradient(width: 20, height: 10)
        let stage = try ColorRestoration(parameters: TestImages.parameters(ColorRestoration.self, [
            "model": .text("test-color@1")]), models: TestImages.models)
        let output = try stage.apply(to: image, context: StageContext())
        // Identity curves and a red/blue swap.
        for pixel in 0..<200 {
            #expect(abs(output.image.planes[0][pixel] - image.planes[2][pixel]) < 1e-5)
            #expect(abs(output.image.planes[1][pixel] - image.planes[1][pixel]) < 1e-5)
            #expect(abs(output.image.planes[2][pixel] - image.planes[0][pixel]) < 1e-5)
        }
    }

    @Test func grayWorldBalancesChannelMeans() throws {
        let count = 64
        let cast = WorkingImage(width: 8, height: 8, planes: [
            (0..<count).map { 0.6 * Float($0) / 63 }, (0..<count).map { 0.4 * Float($0) / 63 },
            (0..<count).map { 0.2 * Float($0) / 63 }])
        let stage = try ColorRestoration(parameters: TestImages.parameters(ColorRestoration.self, [
            "method": .text("gray-world")]), models: TestImages.models)
        #expect(stage.method == .classical(algorithm: "gray-world"))
        let planes = try stage.apply(to: cast, context: StageContext()).image.planes
        let means = planes.map { $0.reduce(0, +) / Float(count) }
        #expect(abs(means[0] - means[1]) < 1e-4 && abs(means[1] - means[2]) < 1e-4)
    }

    @Test func autoLevelsStretchesToFullRange() throws {
        let faded = WorkingImage(width: 10, height: 10, planes: [(0..<100).map { 0.3 + 0.4 * Float($0) / 99 }])
        let stage = try ColorRestoration(parameters: TestImages.parameters(ColorRestoration.self, [
            "method": .text("auto-levels"), "clip": .number(0)]), models: TestImages.models)
        let plane = try stage.apply(to: faded, context: StageContext()).image.planes[0]
        #expect(plane.min() == 0 && abs(plane.max()! - 1) < 1e-6)
    }

    @Test func colorizeKeepsLightnessAndAddsChroma() throws {
        let gray = TestImages.whiteWithBlackSquare(width: 30, height: 20, x: 5, y: 5, side: 8, gray: true)
        var image = gray
        image.planes = [gray.planes[0].map { 0.25 + 0.5 * $0 }]
        let stage = try Colorization(parameters: TestImages.parameters(Colorization.self, ["model": .text("test-colorizer@1")]),
                                     models: TestImages.models)
        let output = try stage.apply(to: image, context: StageContext()).image
        #expect(output.planes.count == 3)
        #expect(Colorization.meanChroma(output) > 20)
        // Lightness of the output equals the input's (up to float rounding and the gamut clamp).
        let lIn = image.planes[0].map { v in 116 * cbrt(v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)) - 16 }
        for pixel in stride(from: 0, to: 600, by: 37) {
            let (r, g, b) = (output.planes[0][pixel], output.planes[1][pixel], output.planes[2][pixel])
            func lin(_ v: Float) -> Float { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
            let y = 0.2126729 * lin(r) + 0.7151522 * lin(g) + 0.0721750 * lin(b)
            #expect(abs((116 * cbrt(y) - 16) - lIn[pixel]) < 1.5)
        }
    }

    @Test func colorizeRefusesAColorImageUnlessForced() throws {
        let image = TestImages.gradient(width: 16, height: 16)
        let refusing = try Colorization(parameters: TestImages.parameters(Colorization.self, ["model": .text("test-colorizer@1")]),
                                        models: TestImages.models)
        let error = #expect(throws: RestorationError.self) { try refusing.apply(to: image, context: StageContext()) }
        #expect(error?.description.contains("already in color") == true)
        let forced = try Colorization(parameters: TestImages.parameters(Colorization.self, [
            "model": .text("test-colorizer@1"), "force": .flag(true)]), models: TestImages.models)
        #expect(try forced.apply(to: image, context: StageContext()).image.planes.count == 3)
    }

    @Test func sharpenRaisesEdgeContrastOnly() throws {
        let image = TestImages.whiteWithBlackSquare(width: 20, height: 20, x: 6, y: 6, side: 8, gray: true)
        var soft = image
        soft.planes = [image.planes[0].map { 0.2 + 0.6 * $0 }]
        let stage = Sharpening(parameters: TestImages.parameters(Sharpening.self, ["amount": .number(1)]),
                               models: TestImages.models)
        let sharp = stage.apply(to: soft, context: StageContext()).image.planes[0]
        #expect(sharp[6 * 20 + 6] < soft.planes[0][6 * 20 + 6], "the dark side of an edge gets darker")
        #expect(sharp[5 * 20 + 5] > soft.planes[0][5 * 20 + 5], "the bright side gets brighter")
        #expect(abs(sharp[0] - soft.planes[0][0]) < 1e-6, "flat areas are unchanged")
        #expect(stage.method == .classical(algorithm: "unsharp-mask"))
    }
}
