import Catalog
import Fixity
import Foundation
@testable import Pipeline
import Raster
import Restoration
import Testing

/// A curator's correction: the run's pipeline again, with the mask of its detector replaced by a painted one.
@Suite struct RunCorrectionTests {
    static let width = 40, height = 30

    /// A 200-gray scan with a dark 6×6 square (at 12..<18, 10..<16) that the fixture detector marks.
    static func scan() -> RasterImage {
        var samples = [UInt8](repeating: 200, count: width * height * 3)
        for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * width + x) * 3 + c] = 5 } } }
        return RasterImage(width: width, height: height, channels: 3, bitDepth: 8, samples: .uint8(samples))
    }

    /// A painted mask as a browser sends it: RGBA, white and opaque where `marked`, transparent black elsewhere.
    static func painted(width: Int = width, height: Int = height, marked: (Int, Int) -> Bool) throws -> [UInt8] {
        var samples = [UInt8]()
        for y in 0..<height { for x in 0..<width { samples += marked(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 0] } }
        return try ImageEncoder.encode(RasterImage(width: width, height: height, channels: 4, bitDepth: 8,
                                                   samples: .uint8(samples)), as: .png)
    }

    /// The fixture, its pipeline library (`repair`: detect, then the fixture inpainter's 0.5 gray), and the
    /// first run, which awaits review (a trained model took part).
    struct Setup {
        let fixture: RunFixture
        let correction: RunCorrection
        let first: RunReport

        init(yaml: String = """
            name: repair
            version: 1
            stages:
              - detect-damage: { model: test-detector@1, dilate: 0, min-region: 1 }
              - inpaint: { model: test-inpainter@1 }
            output: { format: png, masks: true }
            """) throws {
            fixture = try RunFixture(RunCorrectionTests.scan(), name: "scan.png")
            let library = "\(fixture.folder)/pipelines"
            try FileManager.default.createDirectory(atPath: library, withIntermediateDirectories: true)
            try yaml.write(toFile: "\(library)/repair.yaml", atomically: true, encoding: .utf8)
            let reader = PipelineReader(models: ValidationTests.fixtureModels, library: library)
            correction = RunCorrection(runner: fixture.runner(), pipelines: reader)
            first = try fixture.runner().run(try reader.read("repair"), on: fixture.original, from: fixture.originalPath)
        }
    }

    @Test func thePaintedMaskIsWhatGetsFilledAndNothingElseChanges() throws {
        let setup = try Setup()
        #expect(setup.first.review.state == .proposed)
        // the curator erases the detector's square and paints a stripe it missed
        let stripe = { (x: Int, y: Int) in (20..<24).contains(x) && (3..<6).contains(y) }
        let report = try setup.correction.correct(run: setup.first.runID, step: 0, mask: try Self.painted(marked: stripe),
                                                  person: "carol", reason: "the scratch at the top was missed")

        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        let original = Self.scan()
        guard case .uint8(let out) = derivative.samples, case .uint8(let before) = original.samples else {
            Issue.record("8-bit images expected"); return
        }
        for y in 0..<Self.height {
            for x in 0..<Self.width {
                let index = (y * Self.width + x) * 3
                let expected: UInt8 = stripe(x, y) ? 128 : before[index]
                guard out[index] == expected else {
                    Issue.record("pixel \(x),\(y) is \(out[index]), expected \(expected)"); return
                }
            }
        }
        #expect(report.steps[1].fractionChanged == 12.0 / 1200)

        // the painted step: a person's mask, not the detector's, written as corrected-mask.png and recorded by SHA-256
        let maskPath = "\(report.folder)/corrected-mask.png"
        let maskSHA256 = ContentHash.sha256(try Data(contentsOf: URL(fileURLWithPath: maskPath)))
        let mask = DamageMask(painted: try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: maskPath)))))
        #expect(mask.values.enumerated().allSatisfy { $1 == (stripe($0 % Self.width, $0 / Self.width) ? 1 : 0) })
        let steps = try setup.fixture.catalog.steps(ofRun: report.runID)
        #expect(steps[0].method == "classical" && steps[0].algorithm == "painted-by-curator" && steps[0].modelAgentId == nil)
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data(steps[0].parameters.utf8)) as? [String: Any])
        #expect(parameters["painted-by"] as? String == "carol" && parameters["mask-file-sha256"] as? String == maskSHA256)
        #expect(steps[0].regionArea == 12 && steps[0].regionCount == 1)
        let recordedMask = try #require(steps[0].maskObjectId)
        #expect(try setup.fixture.catalog.details(of: recordedMask).object.sha256 == maskSHA256)
        #expect(!FileManager.default.fileExists(atPath: "\(report.folder)/mask-0-detect-damage.png"))

        // the new run supersedes the old, awaits review, and its sidecar points back
        let history = try setup.fixture.catalog.runHistory(report.runID)
        #expect(history.supersedes?.supersededRunId == setup.first.runID && history.reviewState == "proposed")
        #expect(history.run.reviewReason?.hasPrefix("corrects run \(setup.first.runID) with a mask painted by carol") == true)
        #expect(try setup.fixture.catalog.runHistory(setup.first.runID).reviewState == "superseded")
        let sidecar = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath))) as? [String: Any])
        #expect(sidecar["supersedes"] as? Int == Int(setup.first.runID))
        // the old run's files are untouched
        #expect(FileManager.default.fileExists(atPath: setup.first.derivativePath))
    }

    @Test func refusalsComeBeforeAnythingIsWritten() throws {
        let setup = try Setup()
        let run = setup.first.runID
        let good = try Self.painted { x, _ in x == 0 }
        func refusal(run: Int64 = run, step: Int = 0, mask: [UInt8]? = nil) -> CorrectionError? {
            #expect(throws: CorrectionError.self) {
                try setup.correction.correct(run: run, step: step, mask: mask ?? good, person: "carol", reason: "r")
            }
        }
        guard case .unknownRun? = refusal(run: 999) else { Issue.record("unknown run"); return }
        guard case .unknownStep? = refusal(step: 7) else { Issue.record("unknown step"); return }
        guard case .notCorrectable? = refusal(step: 1) else { Issue.record("the inpaint step has no mask of its own"); return }
        guard case .badMask? = refusal(mask: Array("not a png".utf8)) else { Issue.record("not a PNG"); return }
        guard case .badMask? = refusal(mask: try Self.painted(width: 20, height: 30) { _, _ in true }) else {
            Issue.record("wrong size"); return
        }
        #expect(try setup.fixture.catalog.runs(ofSource: setup.fixture.original.id!).count == 1)

        // models missing: the pipeline cannot be read here
        let noModels = RunCorrection(runner: setup.correction.runner, pipelines: PipelineReader(
            models: ValidationTests.noModels, library: setup.correction.pipelines.library))
        let unavailable = #expect(throws: CorrectionError.self) {
            try noModels.correct(run: run, step: 0, mask: good, person: "carol", reason: "r")
        }
        guard case .unavailable? = unavailable else { Issue.record("\(String(describing: unavailable))"); return }

        // the pipeline file changed since the run: not the same pipeline any more
        try "# edited\n".appendingToFile("\(setup.correction.pipelines.library)/repair.yaml")
        guard case .notCorrectable? = refusal() else { Issue.record("changed pipeline"); return }
        #expect(try setup.fixture.catalog.runs(ofSource: setup.fixture.original.id!).count == 1)
    }

    @Test func aSecondSubmissionIsRefusedAndLeavesNoFiles() throws {
        let setup = try Setup()
        let mask = try Self.painted { x, y in x == 1 && y == 1 }
        _ = try setup.correction.correct(run: setup.first.runID, step: 0, mask: mask, person: "carol", reason: "r")
        let files = setup.fixture.derivativeFiles()
        let error = #expect(throws: CorrectionError.self) {
            try setup.correction.correct(run: setup.first.runID, step: 0, mask: mask, person: "carol", reason: "r")
        }
        guard case .alreadySuperseded? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(setup.fixture.derivativeFiles() == files)
        #expect(try setup.fixture.catalog.runs(ofSource: setup.fixture.original.id!).count == 2)
    }
}

extension String {
    func appendingToFile(_ path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}
