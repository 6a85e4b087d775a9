import Foundation
import Pipeline
import Restoration
import Testing
import YAMLConfiguration

@Suite struct ValidationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtureModels = ModelStore(directory: repository.appendingPathComponent("Tests/RestorationTests/Fixtures/models").path)
    static let noModels = ModelStore(directory: repository.appendingPathComponent("Tests/PipelineTests/no-models").path)

    private func problems(_ yaml: String, models: ModelStore = fixtureModels) -> [ConfigurationError] {
        do {
            _ = try PipelineReader(models: models).validate(yaml: yaml, file: "p.yaml", sha256: String(repeating: "0", count: 64))
            Issue.record("the pipeline was accepted")
            return []
        } catch {
            guard case .invalid(let file, let problems) = error else {
                Issue.record("expected .invalid, got \(error)")
                return []
            }
            #expect(file == "p.yaml")
            return problems
        }
    }

    @Test func validPipelineHasEffectiveParameters() throws {
        let pipeline = try PipelineReader(models: Self.fixtureModels).validate(yaml: """
            name: test
            stages:
              - detect-damage: { model: test-detector@1, threshold: 0.4 }
              - inpaint: { model: test-inpainter@1 }
              - sharpen:
            output: { format: png, bit-depth: 8, masks: false }
            """, file: "p.yaml", sha256: String(repeating: "a", count: 64))
        #expect(pipeline.name == "test" && pipeline.version == "1")
        #expect(pipeline.stages.map(\.descriptor.name) == ["detect-damage", "inpaint", "sharpen"])
        #expect(pipeline.stages[0].parameters.values["threshold"] == .number(0.4))
        #expect(pipeline.stages[0].parameters.values["dilate"] == .integer(2))
        #expect(pipeline.stages[1].parameters.values["mask"] == .text("detect-damage"))
        #expect(pipeline.stages[2].parameters.values["amount"] == .number(0.6))
        #expect(pipeline.output.format == .png && pipeline.output.bitDepth == .eight && !pipeline.output.masks)
        #expect(pipeline.usesTrainedModels)
    }

    @Test func precisionIsAPerStageChoice() throws {
        let pipeline = try PipelineReader(models: Self.fixtureModels).validate(yaml: """
            name: test
            stages:
              - detect-damage: { model: test-detector@1, precision: bf16 }
              - inpaint: { model: test-inpainter@1 }
              - restore-color: { method: gray-world }
            output: { format: png, bit-depth: 8, masks: false }
            """, file: "p.yaml", sha256: String(repeating: "a", count: 64))
        #expect(pipeline.stages[0].parameters.values["precision"] == .text("bf16"))
        #expect(pipeline.stages[1].parameters.values["precision"] == .text("fp32"), "the default")
        #expect(pipeline.stages[2].parameters.values["precision"] == nil, "no model, no precision")
        let found = problems("name: x\nstages:\n  - detect-damage: { model: test-detector@1, precision: fp16 }\n")
        #expect(found.count == 1 && found[0].line == 3 && found[0].message.contains("fp32") && found[0].message.contains("bf16"),
                "\(found)")
    }

    @Test func unknownStageNamesTheAllowedStages() {
        let found = problems("name: x\nstages:\n  - sharpen: {}\n  - deblur: { amount: 1 }\n")
        #expect(found == [ConfigurationError(file: "p.yaml", line: 4, column: 5, message:
            "unknown stage 'deblur'; allowed: detect-damage, inpaint, restore-color, colorize, denoise, upscale, sharpen")])
    }

    /// Masks are drawn and recorded on the original's grid: a stage that works there may not follow one that
    /// resizes, and is named where it stands.
    @Test func stagesOnTheSourceGridComeBeforeAResize() throws {
        let found = problems("""
            name: x
            stages:
              - upscale: { model: test-upscaler@1 }
              - detect-damage: { model: test-detector@1 }
              - inpaint: { method: telea }
            """)
        let message = { (stage: String) in
            "\(stage) works on the original's pixel grid (its masks are drawn and recorded there), so it must come "
                + "before upscale, which changes the image's size"
        }
        #expect(found == [ConfigurationError(file: "p.yaml", line: 4, column: 5, message: message("detect-damage")),
                          ConfigurationError(file: "p.yaml", line: 5, column: 5, message: message("inpaint"))])
        let fine = try PipelineReader(models: Self.fixtureModels).validate(yaml: """
            name: x
            stages:
              - detect-damage: { model: test-detector@1 }
              - inpaint: { method: telea }
              - upscale: { model: test-upscaler@1 }
              - sharpen: {}
            """, file: "p.yaml", sha256: String(repeating: "0", count: 64))
        #expect(fine.stages.map(\.descriptor.name) == ["detect-damage", "inpaint", "upscale", "sharpen"])
    }

    @Test func unknownParameterNamesTheAllowedParameters() {
        let found = problems("name: x\nstages:\n  - sharpen: { radius: 2, sigma: 3 }\n")
        #expect(found == [ConfigurationError(file: "p.yaml", line: 3, column: 27, message:
            "unknown key 'sigma' in the parameters of sharpen; allowed: radius, amount, threshold, strength")])
    }

    @Test func outOfRangeValuesNameTheRange() {
        let found = problems("name: x\nstages:\n  - sharpen: { strength: 1.5 }\n  - detect-damage: { model: test-detector@1, dilate: 100 }\n")
        #expect(found == [
            ConfigurationError(file: "p.yaml", line: 3, column: 26, message: "sharpen 'strength' is 1.5; allowed: 0.0 to 1.0"),
            ConfigurationError(file: "p.yaml", line: 4, column: 54, message: "detect-damage 'dilate' is 100; allowed: 0 to 64"),
        ])
    }

    @Test func wrongKindsAndChoices() {
        let found = problems("name: x\nstages:\n  - restore-color: { method: magic }\n  - colorize: { model: test-colorizer@1, force: maybe }\n")
        #expect(found == [
            ConfigurationError(file: "p.yaml", line: 3, column: 30, message:
                "restore-color 'method' is 'magic'; allowed: model, gray-world, auto-levels"),
            ConfigurationError(file: "p.yaml", line: 4, column: 49, message: "colorize 'force' must be true or false"),
        ])
    }

    @Test func maskSourceMustBeAnEarlierStage() {
        let given = problems("name: x\nstages:\n  - inpaint: { model: test-inpainter@1, mask: detect-damage }\n"
                             + "  - detect-damage: { model: test-detector@1 }\n")
        #expect(given == [ConfigurationError(file: "p.yaml", line: 3, column: 47, message:
            "inpaint 'mask' is 'detect-damage', which is not an earlier stage; earlier stages: none; "
            + "or 'supplied' for a mask file given with the run (process --mask)")])
        let defaulted = problems("name: x\nstages:\n  - sharpen:\n  - inpaint: { model: test-inpainter@1 }\n")
        #expect(defaulted == [ConfigurationError(file: "p.yaml", line: 4, column: 5, message:
            "inpaint takes its mask from 'detect-damage' (the default), which is not an earlier stage; earlier stages: sharpen; "
            + "or 'supplied' for a mask file given with the run (process --mask)")])
    }

    @Test func aSuppliedMaskIsAMaskSource() throws {
        let pipeline = try PipelineReader(models: Self.fixtureModels).validate(
            yaml: "name: x\nstages:\n  - inpaint: { model: test-inpainter@1, mask: supplied }\n", file: "p.yaml",
            sha256: String(repeating: "0", count: 64))
        #expect(pipeline.needsSuppliedMask)
    }

    @Test func missingModelsAreNamedWhereTheyAreAsked() {
        let found = problems("name: x\nstages:\n  - detect-damage: { model: damage-unet@3 }\n  - colorize:\n",
                             models: Self.fixtureModels)
        #expect(found.count == 2)
        #expect(found.map { [$0.line, $0.column] } == [[3, 29], [4, 5]])
        #expect(found[0].message.hasPrefix("missing model damage-unet@3: model damage-unet@3 is not in "))
        #expect(found[0].message.hasSuffix(
            "(available: test-color@1, test-colorizer@1, test-denoiser@1, test-detector@1, test-detector@2, test-inpainter@1, test-inpainter@2, test-upscaler@1)"))
        #expect(found[1].message.hasPrefix("missing model colorize@4 (the default of colorize): "))
    }

    /// A stage with a wrong parameter and a missing model reports both (issue 22, defect 9: the missing model
    /// came out only once the parameter was fixed).
    @Test func aMissingModelIsReportedBesideAWrongParameterOfTheSameStage() {
        let found = problems("name: x\nstages:\n  - detect-damage: { model: damage-unet@9, threshold: 2 }\n",
                             models: Self.fixtureModels)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.message.contains("'threshold' is 2.0") })
        #expect(found.contains { $0.message.hasPrefix("missing model damage-unet@9") })
    }

    @Test func badModelReference() throws {
        let found = problems("name: x\nstages:\n  - detect-damage: { model: damage-unet@2@1 }\n")
        #expect(found.first == ConfigurationError(file: "p.yaml", line: 3, column: 29, message:
            "detect-damage 'model' is 'damage-unet@2@1'; allowed: a model as name@version (e.g. damage-unet@2) "
                + "or a bare name for the newest version"))
        // a bare name is the newest version the store holds; one it does not hold is missing
        let newest = try PipelineReader(models: Self.fixtureModels).validate(
            yaml: "name: x\nstages:\n  - detect-damage: { model: test-detector }\n", file: "p.yaml",
            sha256: String(repeating: "0", count: 64))
        #expect(newest.stages[0].parameters.text("model") == "test-detector")
        #expect(problems("name: x\nstages:\n  - detect-damage: { model: damage-unet }\n").first?.message
            .hasPrefix("missing model damage-unet: ") == true)
    }

    @Test func reviewAboveIsAFractionOfThePixels() throws {
        let pipeline = try PipelineReader(models: Self.fixtureModels).validate(
            yaml: "name: x\nstages:\n  - sharpen:\nreview-above: 0.02\n", file: "p.yaml", sha256: String(repeating: "0", count: 64))
        #expect(pipeline.reviewAbove == 0.02)
        #expect(problems("name: x\nstages:\n  - sharpen:\nreview-above: 1.5\n") == [ConfigurationError(
            file: "p.yaml", line: 4, column: 15, message: "'review-above' (a fraction of the pixels) is 1.5; allowed: 0.0 to 1.0")])
        #expect(problems("name: x\nstages:\n  - sharpen:\nreview-above: lots\n") == [ConfigurationError(
            file: "p.yaml", line: 4, column: 15, message: "'review-above' (a fraction of the pixels) must be a number")])
    }

    @Test func safeguardParametersAreValidatedWithTheirPlaces() {
        let found = problems("name: x\nstages:\n  - detect-damage: { model: test-detector@1, max-region: 0, min-confidence: 2 }\n"
                             + "  - inpaint: { model: test-inpainter@1, method: magic, classical-below: 0 }\n")
        let sorted = found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        #expect(sorted.map { [$0.line, $0.column] } == [[3, 58], [3, 77], [4, 49], [4, 73]], "\(found)")
        #expect(sorted.first?.message == "detect-damage 'max-region' is 0; allowed: 1 to 1000000000")
        #expect(sorted[1].message == "detect-damage 'min-confidence' is 2.0; allowed: 0.0 to 1.0")
        #expect(sorted[2].message == "inpaint 'method' is 'magic'; allowed: model, telea, auto")
    }

    @Test func outputAndTopLevelErrors() {
        #expect(problems("name: x\nstage: []\n") == [ConfigurationError(file: "p.yaml", line: 2, column: 1, message:
            "unknown key 'stage' in the configuration; allowed: name, description, version, stages, output, review-above")])
        #expect(problems("name: x\nstages:\n  - sharpen:\noutput: { format: jpeg, bit-depth: 16 }\n") == [
            ConfigurationError(file: "p.yaml", line: 4, column: 36, message:
                "'bit-depth' 16 is impossible in JPEG; allowed with format jpeg: source, 8")])
        #expect(problems("name: x\nstages:\n  - sharpen:\noutput: { format: webp }\n") == [
            ConfigurationError(file: "p.yaml", line: 4, column: 19, message: "'format' is 'webp'; allowed: tiff, png, jpeg")])
        #expect(problems("name: x\nstages: []\n") == [ConfigurationError(file: "p.yaml", line: 2, column: 9, message:
            "'stages' is empty; list at least one of: detect-damage, inpaint, restore-color, colorize, denoise, upscale, sharpen")])
        #expect(problems("name: [x\n").first?.message.hasPrefix("not valid YAML") == true)
    }

    @Test func classicalShipsAndValidatesWithoutAnyModel() throws {
        let reader = PipelineReader(models: Self.noModels, library: Self.repository.appendingPathComponent("Pipelines").path)
        let pipeline = try reader.read("classical")
        #expect(!pipeline.usesTrainedModels)
        #expect(pipeline.sha256.count == 64)
        #expect(pipeline.stages.map(\.descriptor.name) == ["restore-color", "sharpen"])
        #expect(pipeline.stages[0].parameters.values == [
            "method": .text("gray-world"), "strength": .number(0.7), "clip": .number(0.5)],
            "the unused default model is not among the recorded parameters")
    }

    @Test(arguments: [
        ("archival-repair", [(8, 29, "damage-unet@4"), (11, 44, "color-restore@1")]),
        ("colorize", [(9, 29, "damage-unet@4"), (12, 29, "colorize@4")]),
        ("color-only", [(6, 44, "color-restore@1")]),
        ("repair-marked", [(7, 23, "inpaint-unet@2")]),
    ])
    func modelPipelinesReportTheirMissingModels(name: String, expected: [(Int, Int, String)]) throws {
        let reader = PipelineReader(models: Self.noModels, library: Self.repository.appendingPathComponent("Pipelines").path)
        let error = #expect(throws: PipelineError.self) { try reader.read(name) }
        guard case .invalid(let file, let problems) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(file.hasSuffix("Pipelines/\(name).yaml"))
        #expect(problems.map { [$0.line, $0.column] } == expected.map { [$0.0, $0.1] })
        for (problem, want) in zip(problems, expected) {
            #expect(problem.message.hasPrefix("missing model \(want.2): "))
            #expect(problem.message.hasSuffix("(available: none)"))
        }
    }

    @Test func unknownPipelineNameListsTheLibrary() {
        let reader = PipelineReader(models: Self.noModels, library: Self.repository.appendingPathComponent("Pipelines").path)
        let error = #expect(throws: PipelineError.self) { try reader.read("restore-everything") }
        #expect(error?.description.contains("(pipelines in ") == true)
        #expect(error?.description.contains("archival-repair, classical, color-only, colorize") == true)
    }
}
