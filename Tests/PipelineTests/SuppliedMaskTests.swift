import Catalog
import Fixity
import Foundation
@testable import Pipeline
import Raster
import Restoration
import Testing

/// `inpaint` with `mask: supplied`: a conservator's own mask file, given with the run, recorded by SHA-256.
@Suite struct SuppliedMaskTests {
    static let yaml = """
        name: repair-marked
        stages:
          - inpaint: { model: test-inpainter@1, mask: supplied }
        output: { format: png, masks: true }
        """

    /// A flat 40×30 RGB scan.
    static func scan() -> RasterImage {
        RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8([UInt8](repeating: 200, count: 40 * 30 * 3)))
    }

    /// A painted mask: white on black where `marked`, written as a PNG in the fixture's folder.
    static func writeMask(_ fixture: RunFixture, width: Int = 40, height: Int = 30,
                          marked: (Int, Int) -> Bool) throws -> String {
        var samples = [UInt8]()
        for y in 0..<height { for x in 0..<width { samples.append(marked(x, y) ? 255 : 0) } }
        let path = "\(fixture.folder)/holes.png"
        try ImageEncoder.write(RasterImage(width: width, height: height, channels: 1, bitDepth: 8, samples: .uint8(samples)),
                               to: path, as: .png)
        return path
    }

    @Test func theMarkedPixelsAreFilledAndTheMaskFileIsRecorded() throws {
        let fixture = try RunFixture(Self.scan(), name: "scan.png")
        let pipeline = try fixture.pipeline(Self.yaml)
        #expect(pipeline.needsSuppliedMask)
        let maskPath = try Self.writeMask(fixture) { x, y in (5..<9).contains(x) && (3..<6).contains(y) }
        let maskSHA256 = ContentHash.sha256(try Data(contentsOf: URL(fileURLWithPath: maskPath)))
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath, maskFile: maskPath)

        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        guard case .uint8(let out) = derivative.samples else { Issue.record("8-bit derivative expected"); return }
        #expect(out[(4 * 40 + 6) * 3] == 128, "a marked pixel gets the fixture inpainter's 0.5 gray")
        #expect(out[(4 * 40 + 9) * 3] == 200 && out[0] == 200, "unmarked pixels are kept")
        #expect(report.steps.first?.fractionChanged == 12.0 / 1200)

        // The catalog, the sidecar and the embedded XMP all name the mask file and its SHA-256.
        let step = try #require(try fixture.catalog.steps(ofRun: report.runID).first)
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data(step.parameters.utf8)) as? [String: Any])
        #expect(parameters["mask"] as? String == "supplied")
        #expect(parameters["mask-file"] as? String == maskPath && parameters["mask-file-sha256"] as? String == maskSHA256)
        let sidecar = try String(contentsOfFile: report.sidecarPath, encoding: .utf8)
        #expect(sidecar.contains(maskSHA256))
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect("\(xmp["XMP-xmpMM:HistoryParameters"] ?? "")".contains(maskSHA256), "\(xmp)")
        #expect(report.maskPaths.count == 1, "the mask as used is written beside the derivative")
    }

    @Test func aPipelineThatNeedsAMaskRefusesToRunWithout() throws {
        let fixture = try RunFixture(Self.scan(), name: "scan.png")
        let error = #expect(throws: PipelineError.self) {
            try fixture.runner().run(try fixture.pipeline(Self.yaml), on: fixture.original, from: fixture.originalPath)
        }
        #expect(error?.description.contains("give one with --mask FILE") == true, "\(String(describing: error))")
        #expect(fixture.derivativeFiles().isEmpty)
    }

    @Test func aMaskThePipelineWouldNotUseIsRefused() throws {
        let fixture = try RunFixture(Self.scan(), name: "scan.png")
        let maskPath = try Self.writeMask(fixture) { x, _ in x == 0 }
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - sharpen:\n")
        #expect(!pipeline.needsSuppliedMask)
        let error = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath, maskFile: maskPath)
        }
        #expect(error?.description.contains("this mask would not be used") == true, "\(String(describing: error))")
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).isEmpty)
    }

    @Test func aMaskOfAnotherSizeOrNotAnImageFailsCleanly() throws {
        let fixture = try RunFixture(Self.scan(), name: "scan.png")
        let pipeline = try fixture.pipeline(Self.yaml)
        let small = try Self.writeMask(fixture, width: 20, height: 30) { _, _ in true }
        let wrongSize = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath, maskFile: small)
        }
        #expect(wrongSize?.description.contains("the mask is 20×30, the image 40×30") == true, "\(String(describing: wrongSize))")
        let garbage = "\(fixture.folder)/garbage.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: garbage))
        let unreadable = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath, maskFile: garbage)
        }
        #expect(unreadable?.description.hasPrefix("\(garbage): cannot read the mask") == true, "\(String(describing: unreadable))")
        #expect(fixture.derivativeFiles().isEmpty)
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).isEmpty)
    }
}
