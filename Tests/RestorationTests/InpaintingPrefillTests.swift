import Restoration
import Testing

/// An inpainter's card says what its input holds in the holes (issue 16): inpaint-unet@2 reads zeros,
/// inpaint-unet@3 corrects a Telea fill. The fixtures are test-inpainter@1 (zeros; fills 0.5 gray) and
/// test-inpainter@2 (`prefill: telea, prefill_radius: 5`; returns its input RGB, so its result is the prefill).
@Suite struct InpaintingPrefillTests {
    static let image = TestImages.gradient(width: 32, height: 24)
    /// A 3×4 hole and a separate speck: two regions, each prefilled by Telea.
    static let mask: DamageMask = {
        var values = [UInt8](repeating: 0, count: 32 * 24)
        for y in 9..<12 { for x in 10..<14 { values[y * 32 + x] = 1 } }
        values[20 * 32 + 25] = 1
        return DamageMask(width: 32, height: 24, values: values)
    }()

    static func inpaint(_ given: [String: ParameterValue], tileSize: Int = 4096) throws -> WorkingImage {
        let stage = try Inpainting(parameters: TestImages.parameters(Inpainting.self, given), models: TestImages.models)
        return try stage.apply(to: image, context: StageContext(masks: ["detect-damage": mask], tileSize: tileSize)).image
    }

    @Test func theCardSaysWhatTheHolesHold() throws {
        #expect(try TestImages.models.card(for: ModelReference("test-inpainter@2")!).prefill == .telea(radius: 5))
        #expect(try TestImages.models.card(for: ModelReference("test-inpainter@1")!).prefill == nil)
    }

    @Test func aTeleaPrefilledModelIsFedTeleasFill() throws {
        let telea = try Self.inpaint(["method": .text("telea"), "radius": .integer(5)])
        // the stage's own radius is for its classical fills; the prefill takes the card's (5), whatever it is
        for tileSize in [4096, 8] {
            let model = try Self.inpaint(["model": .text("test-inpainter@2"), "radius": .integer(2)], tileSize: tileSize)
            #expect(model.planes == telea.planes)
        }
        let holeValues = Self.mask.values.indices.filter { Self.mask.values[$0] == 1 }.map { telea.planes[0][$0] }
        #expect(!holeValues.contains(0) && !holeValues.contains(0.5), "Telea's fill is neither the zeros nor @1's gray")
    }

    @Test func aZeroFilledModelStillRunsBesideIt() throws {
        let older = try Self.inpaint(["model": .text("test-inpainter@1")])
        for pixel in Self.mask.values.indices {
            let expected = Self.mask.values[pixel] == 1 ? 0.5 : Self.image.planes[0][pixel]
            #expect(older.planes[0][pixel] == expected)
        }
    }

    @Test func aPrefillWithoutItsRadiusIsRefused() {
        let card = """
            name: x
            version: 1
            file: {sha256: \(String(repeating: "a", count: 64))}
            io: {inputs: [{prefill: telea}]}
            """
        #expect(throws: RestorationError.self) { try ModelCard(yaml: card, file: "x@1.card.yaml") }
        #expect(throws: RestorationError.self) {
            try ModelCard(yaml: card.replacingOccurrences(of: "{prefill: telea}", with: "{prefill: magic, prefill_radius: 5}"),
                          file: "x@1.card.yaml")
        }
    }
}
