import Disclosure
import Inference
import Raster
import Restoration
import Synchronization
import Testing

/// A stage that counts how often it ran.
private struct CountingStage: Stage {
    static let descriptor = StageDescriptor(name: "count", version: "1", summary: "Counts its runs.", parameters: [],
                                            disclosure: .algorithmicallyEnhanced)
    static let runs = Atomic<Int>(0)
    let method = Method.classical(algorithm: "count")
    init(parameters: StageParameters, models: ModelStore) {}
    func apply(to image: WorkingImage, context: StageContext) throws(RestorationError) -> StageOutput {
        Self.runs.add(1, ordering: .relaxed)
        return StageOutput(image: image)
    }
}

@Suite struct StageChainTests {
    private func chain(_ entries: [(any Stage.Type, [String: ParameterValue])]) throws -> StageChain {
        try StageChain(entries.map { ConfiguredStage(type: $0.0, parameters: TestImages.parameters($0.0, $0.1)) },
                       models: TestImages.models)
    }

    @Test func aLaterStagesRefusalComesBeforeAnyStageRuns() throws {
        // Colorizing a color image is refused; the stage before it must not have spent its time first.
        let before = CountingStage.runs.load(ordering: .relaxed)
        let error = #expect(throws: RestorationError.self) {
            try chain([(CountingStage.self, [:]), (Colorization.self, ["model": .text("test-colorizer@1")])])
                .run(TestImages.gradient(width: 16, height: 16), outputBitDepth: 8)
        }
        #expect(error?.description.contains("already in color") == true)
        #expect(CountingStage.runs.load(ordering: .relaxed) == before)
    }

    @Test func strengthBlendsOutputWithInput() throws {
        let image = TestImages.gradient(width: 20, height: 10)
        let full = try chain([(ColorRestoration.self, ["model": .text("test-color@1")])])
            .run(image, outputBitDepth: 16).image
        let none = try chain([(ColorRestoration.self, ["model": .text("test-color@1"), "strength": .number(0)])])
            .run(image, outputBitDepth: 16)
        let half = try chain([(ColorRestoration.self, ["model": .text("test-color@1"), "strength": .number(0.5)])])
            .run(image, outputBitDepth: 16).image
        #expect(none.image == image)
        #expect(none.steps[0].fractionChanged == 0)
        for plane in 0..<3 {
            for pixel in 0..<200 {
                let expected = image.planes[plane][pixel] + 0.5 * (full.planes[plane][pixel] - image.planes[plane][pixel])
                #expect(abs(half.planes[plane][pixel] - expected) < 1e-6)
            }
        }
    }

    @Test func stepsRecordMethodMaskAndFractionChanged() throws {
        let image = TestImages.whiteWithBlackSquare(width: 40, height: 25, x: 4, y: 4, side: 5)
        let result = try chain([
            (DamageDetection.self, ["model": .text("test-detector@1"), "dilate": .integer(1), "min-region": .integer(1)]),
            (Inpainting.self, ["model": .text("test-inpainter@1")]),
            (Sharpening.self, ["strength": .number(0)]),
        ]).run(image, outputBitDepth: 8)
        #expect(result.steps.map(\.stage) == ["detect-damage", "inpaint", "sharpen"])
        #expect(result.steps[0].fractionChanged == 0 && result.steps[0].altersPixels == false)
        #expect(result.steps[0].mask?.coverage == 25.0 / 1000)
        #expect(result.steps[1].fractionChanged == 25.0 / 1000, "exactly the 5x5 hole changed")
        #expect(result.steps[1].mask == result.steps[0].mask)
        #expect(result.steps[1].disclosure == .compositeWithTrainedAlgorithmicMedia)
        #expect(result.steps[2].method == .classical(algorithm: "unsharp-mask"))
        #expect(result.steps[2].parameters.values["radius"] == .number(1), "defaults are recorded")
        #expect(result.steps.map(\.disclosure).max() == .compositeWithTrainedAlgorithmicMedia)
        #expect(result.steps.map(\.invents) == [nil, .imageContent, nil], "what each stage declares it invents")
    }

    @Test func stepsRecordThePrecisionThatRan() throws {
        let image = TestImages.gradient(width: 20, height: 10)
        let result = try chain([
            (ColorRestoration.self, ["model": .text("test-color@1"), "precision": .text("bf16")]),
            (ColorRestoration.self, ["model": .text("test-color@1")]),
            (ColorRestoration.self, ["method": .text("gray-world")]),
        ]).run(image, outputBitDepth: 16)
        // bf16 where the CPU has AVX512-BF16, else what actually ran: fp32
        #expect(result.steps[0].parameters.values["precision"] == .text(Precision.bf16.available.rawValue))
        #expect(result.steps[1].parameters.values["precision"] == .text("fp32"), "the default is recorded")
        #expect(result.steps[2].parameters.values["precision"] == nil, "no model ran, so no precision")
    }

    @Test func sixteenBitSamplesSurviveUntouched() throws {
        let samples = (0..<(16 * 8 * 3)).map { UInt16(truncatingIfNeeded: $0 * 2731 + 7) }
        let raster = RasterImage(width: 16, height: 8, channels: 3, bitDepth: 16, samples: .uint16(samples),
                                 iccProfile: [1, 2, 3])
        let result = try chain([(Sharpening.self, ["strength": .number(0)])]).run(WorkingImage(raster), outputBitDepth: 16)
        let back = result.image.raster(bitDepth: 16, iccProfile: raster.iccProfile)
        #expect(back == raster, "every 16-bit value comes back exactly")
    }

    @Test func alphaIsKept() {
        let samples: [UInt8] = [10, 20, 30, 128, 40, 50, 60, 255]
        let raster = RasterImage(width: 2, height: 1, channels: 4, bitDepth: 8, samples: .uint8(samples))
        #expect(WorkingImage(raster).raster(bitDepth: 8, iccProfile: nil) == raster)
    }
}
