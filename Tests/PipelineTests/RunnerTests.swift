import Catalog
import Disclosure
import Foundation
import Installation
@testable import Pipeline
import Raster
import Restoration
import Testing

@Suite struct RunnerTests {
    /// A 16-bit RGB scan with a color cast, with an RGB ICC profile.
    static func castScan(width: Int = 48, height: Int = 32) -> RasterImage {
        var samples = [UInt16]()
        for y in 0..<height {
            for x in 0..<width {
                let base = (x * 1000 + y * 700) % 40000
                samples += [UInt16(base + 20000), UInt16(base / 2 + 9000), UInt16(base / 3 + 3001)]
            }
        }
        return RasterImage(width: width, height: height, channels: 3, bitDepth: 16, samples: .uint16(samples),
                           iccProfile: RunFixture.iccProfile(space: "RGB "))
    }

    @Test func classicalPipelineEndToEnd() throws {
        let fixture = try RunFixture(Self.castScan())
        let reader = PipelineReader(models: ValidationTests.noModels,
                                    library: ValidationTests.repository.appendingPathComponent("Pipelines").path)
        let pipeline = try reader.read("classical")
        let report = try fixture.runner(models: ValidationTests.noModels).run(pipeline, on: fixture.original,
                                                                             from: fixture.originalPath)
        // Files: the derivative and the sidecar, in <derivatives>/<original id>/<run>/, nothing else.
        let id = fixture.original.id!
        #expect(report.folder.hasPrefix("\(fixture.derivatives)/\(id)/") && report.folder.hasSuffix("-classical"))
        #expect(report.derivativePath == "\(report.folder)/\(id)-classical.tif")
        let run = String(report.folder.split(separator: "/").last!)
        #expect(fixture.derivativeFiles() == ["\(id)", "\(id)/\(run)", "\(id)/\(run)/\(id)-classical.tif",
                                              "\(id)/\(run)/provenance.json"])
        // 16-bit stays 16-bit; the ICC profile is carried; the cast is reduced.
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        #expect(derivative.bitDepth == 16 && derivative.channels == 3)
        #expect(derivative.iccProfile == Self.castScan().iccProfile)
        #expect(!report.aiAltered && report.digitalSourceType == .algorithmicallyEnhanced)

        // Catalog: one run, two steps, a derivative object pointing at the original, events.
        let runs = try fixture.catalog.runs(ofSource: id)
        #expect(runs.count == 1)
        let recorded = try #require(runs.first)
        #expect(recorded.id == report.runID && recorded.derivativeObjectId == report.derivativeID)
        #expect(!recorded.aiAltered && recorded.pipelineName == "classical" && recorded.pipelineSha256 == pipeline.sha256)
        #expect(recorded.digitalSourceType == "algorithmicallyEnhanced")
        #expect(recorded.sidecarPath == report.sidecarPath)
        let steps = try fixture.catalog.steps(ofRun: report.runID)
        #expect(steps.map(\.stage) == ["restore-color", "sharpen"])
        #expect(steps.map(\.method) == ["classical", "classical"])
        #expect(steps.map(\.algorithm) == ["gray-world", "unsharp-mask"])
        #expect(steps.allSatisfy { $0.modelAgentId == nil && $0.fractionChanged > 0 && $0.fractionChanged <= 1 })
        #expect(steps[0].parameters.contains("\"strength\":0.7"))
        let details = try fixture.catalog.details(of: report.derivativeID)
        #expect(details.object.kind == .derivative && details.object.sourceObjectId == id)
        #expect(details.object.bitDepth == 16 && details.object.format == "tiff")
        let sha = try RunFixture.sha256(of: report.derivativePath)
        #expect(details.object.sha256 == sha)
        #expect(details.paths.map(\.path) == [report.derivativePath])
        #expect(details.events.map(\.event.type) == [.modification, .modification, .creation], "in the order they happened")
        #expect(details.events.allSatisfy { $0.agents.map(\.agent.name) == ["Conservator"] && $0.agents[0].role == "exe" })
        let pipelineAgent = try #require(try fixture.catalog.agent(recorded.pipelineAgentId))
        #expect(pipelineAgent.type == .pipeline && pipelineAgent.identifier == pipeline.sha256)
        let software = try #require(try fixture.catalog.agent(recorded.softwareAgentId))
        #expect(software.identifier == "0123abc")

        // Sidecar: the same steps, hashes and disclosure.
        let sidecar = try JSONDecoder().decode(ProvenanceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath)))
        #expect(sidecar.schema == "conservator-provenance/1")
        #expect(sidecar.original.sha256 == fixture.original.sha256 && sidecar.derivative.sha256 == sha)
        #expect(sidecar.steps.map(\.stage) == steps.map(\.stage) && sidecar.steps.map(\.fractionChanged) == steps.map(\.fractionChanged))
        #expect(sidecar.derivative.iccProfileCarried && sidecar.derivative.bitDepth == 16)
        #expect(!sidecar.aiAltered && sidecar.pipeline.sha256 == pipeline.sha256)
        #expect(sidecar.digitalSourceType == "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced")

        // The embedded XMP, as ExifTool reads it.
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect(xmp["XMP-iptcExt:DigitalSourceType"] as? String
                == "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced")
        #expect(xmp["XMP-xmpMM:HistoryAction"] as? [String] == ["edited", "edited"])
        #expect((xmp["XMP-xmpMM:HistorySoftwareAgent"] as? [String])?.first?.contains("gray-world") == true)
        #expect((xmp["XMP-xmpMM:HistoryParameters"] as? [String])?.last?.hasPrefix("sharpen: amount=0.5") == true)
        #expect(xmp["XMP-conservator:ProvenanceSidecar"] as? String == "provenance.json")
        #expect(xmp["XMP-conservator:AIAltered"] as? Bool == false || xmp["XMP-conservator:AIAltered"] as? String == "False")
    }

    @Test func theOriginalsOwnMetadataIsCarriedIntoTheDerivativesXMP() throws {
        let fixture = try RunFixture(Self.castScan(width: 24, height: 16), name: "described.tif") { path in
            try RunFixture.exiftool(["-q", "-overwrite_original", "-IFD0:Make=Hasselblad", "-IFD0:Artist=Jane Doe",
                                     "-IFD0:Copyright=Example Museum", "-ExifIFD:DateTimeOriginal=1923:06:15 18:42:07",
                                     "-XMP-dc:Title=Harbour <at> dusk", "-XMP-xmp:CreatorTool=ScanSoft 1",
                                     "-XMP-iptcExt:DigitalSourceType=http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
                                     "-XMP-tiff:Model=Flextight X5", path])
        }
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.sharpening()
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let xmp = try RunFixture.exiftool(["-j", "-G1", "-XMP:all", report.derivativePath])
        #expect(xmp["XMP-tiff:Make"] as? String == "Hasselblad", "EXIF carried as XMP: \(xmp)")
        #expect(xmp["XMP-tiff:Model"] as? String == "Flextight X5", "the original's XMP wins over its EXIF")
        #expect(xmp["XMP-dc:Creator"] as? String == "Jane Doe" && xmp["XMP-dc:Rights"] as? String == "Example Museum")
        #expect(xmp["XMP-exif:DateTimeOriginal"] as? String == "1923:06:15 18:42:07")
        #expect(xmp["XMP-dc:Title"] as? String == "Harbour <at> dusk")
        // what would be false of the derivative is not carried: the disclosure is ours alone, the tool is gone
        #expect(xmp["XMP-iptcExt:DigitalSourceType"] as? String
                == "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced")
        #expect(xmp["XMP-xmp:CreatorTool"] == nil)
        #expect(xmp["XMP-xmpMM:HistoryAction"] as? [String] == ["edited"] || xmp["XMP-xmpMM:HistoryAction"] as? String == "edited")
    }

    /// A 600 dpi TIFF with an EXIF Copyright gave a derivative with no resolution and no Copyright tag, and
    /// `exiftool -validate` warned (issue 22, defect 7): the formats' own fields now carry them, read back by ExifTool.
    @Test func resolutionAndRightsAreWrittenInTheDerivativesOwnTags() throws {
        var scan = Self.castScan(width: 24, height: 16)
        scan.iccProfile = nil  // libpng refuses the fixture's test profile, and the PNG run needs none
        let fixture = try RunFixture(scan, name: "600dpi.tif") { path in
            try RunFixture.exiftool(["-q", "-overwrite_original", "-IFD0:XResolution=600", "-IFD0:YResolution=600",
                                     "-IFD0:ResolutionUnit=inches", "-IFD0:Copyright=Example Museum",
                                     "-IFD0:Artist=Jane Doe", "-IFD0:ImageDescription=Harbour, 1923", path])
        }
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.sharpening(output: "{ access-copy: true }")
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let tags = try RunFixture.exiftool(["-j", "-G1", "-IFD0:all", "-JFIF:all", "-n", report.derivativePath])
        #expect(tags["IFD0:XResolution"] as? Double == 600 && tags["IFD0:YResolution"] as? Double == 600, "\(tags)")
        #expect(tags["IFD0:ResolutionUnit"] as? Int == 2, "inches: \(tags)")
        #expect(tags["IFD0:Copyright"] as? String == "Example Museum" && tags["IFD0:Artist"] as? String == "Jane Doe")
        #expect(tags["IFD0:ImageDescription"] as? String == "Harbour, 1923")
        // ExifTool's validation names no missing required tag (Deflate, not baseline, is its one warning)
        let validation = try RunFixture.exiftool(["-j", "-G1", "-validate", "-warning", "-a", report.derivativePath])
        let warnings = validation.filter { $0.key.hasSuffix("Warning") }.map { "\($0.value)" }
        #expect(!warnings.contains { $0.contains("Missing required") || $0.contains("Resolution") }, "\(validation)")
        let access = try #require(report.accessCopyPath)
        let jfif = try RunFixture.exiftool(["-j", "-G1", "-JFIF:all", "-XMP-dc:all", "-n", access])
        #expect(jfif["JFIF:XResolution"] as? Int == 600 && jfif["JFIF:ResolutionUnit"] as? Int == 1, "\(jfif)")
        #expect(jfif["XMP-dc:Rights"] as? String == "Example Museum")

        let png = try fixture.runner().run(try fixture.sharpening(output: "{ format: png }"), on: fixture.original, from: fixture.originalPath)
        let phys = try RunFixture.exiftool(["-j", "-G1", "-PNG-pHYs:all", "-n", png.derivativePath])
        #expect(phys["PNG-pHYs:PixelsPerUnitX"] as? Int == 23622 && phys["PNG-pHYs:PixelUnits"] as? Int == 1, "\(phys)")
    }

    /// The configuration's institution is in the derivative's XMP (issue 22: institution settings), unless the
    /// original already names a publisher.
    @Test func theInstitutionsNameAndRightsStatementAreInTheXMP() throws {
        let fixture = try RunFixture(Self.castScan(width: 24, height: 16), name: "published.tif")
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.sharpening()
        var runner = fixture.runner()
        runner.institution = Institution(name: "Example Museum", identifier: "DE-MUS-123456",
                                         rightsStatement: "http://rightsstatements.org/vocab/InC/1.0/")
        let report = try runner.run(pipeline, on: fixture.original, from: fixture.originalPath)
        let xmp = try RunFixture.exiftool(["-j", "-G1", "-XMP:all", report.derivativePath])
        #expect(xmp["XMP-dc:Publisher"] as? String == "Example Museum", "\(xmp)")
        #expect(xmp["XMP-xmpRights:WebStatement"] as? String == "http://rightsstatements.org/vocab/InC/1.0/")
        let plain = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        #expect(try RunFixture.exiftool(["-j", "-G1", "-XMP:all", plain.derivativePath])["XMP-dc:Publisher"] == nil)
    }

    @Test func aDerivativeOfAnOriginalWithoutAResolutionSaysNoneRatherThanGuessing() throws {
        var scan = Self.castScan(width: 24, height: 16)
        scan.iccProfile = nil
        let fixture = try RunFixture(scan, name: "plain.png")
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.sharpening()
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let tags = try RunFixture.exiftool(["-j", "-G1", "-IFD0:all", "-n", report.derivativePath])
        #expect(tags["IFD0:ResolutionUnit"] as? Int == 1 && tags["IFD0:XResolution"] as? Double == 1, "\(tags)")
        #expect(tags["IFD0:Copyright"] == nil)
    }

    @Test func aControlCharacterInACarriedTagLeavesTheXMPReadable() throws {
        // XML 1.0 cannot hold U+0007: written as it is, it made the derivative's whole XMP packet unreadable.
        let fixture = try RunFixture(Self.castScan(width: 24, height: 16), name: "bell.tif") { path in
            try RunFixture.exiftool(["-q", "-overwrite_original", "-IFD0:ImageDescription=Harbour\u{07}dusk", path])
        }
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.sharpening()
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let xmp = try RunFixture.exiftool(["-j", "-G1", "-XMP:all", report.derivativePath])
        #expect(xmp["XMP-dc:Description"] as? String == "Harbour\u{FFFD}dusk", "\(xmp)")
        #expect(xmp["XMP-conservator:Pipeline"] as? String == "carry 1", "the rest of the packet is read too")
    }

    @Test func exifDatesBecomeXMPDates() {
        #expect(CarriedMetadata.exifDateAsXMP("1923:06:15 18:42:07") == "1923-06-15T18:42:07")
        #expect(CarriedMetadata.exifDateAsXMP("June 1923") == "June 1923")
    }

    @Test(arguments: ["png", "jpeg"])
    func disclosureIsReadableInEveryFormat(format: String) throws {
        let gray = RasterImage(width: 20, height: 10, channels: 1, bitDepth: 8,
                               samples: .uint8((0..<200).map { UInt8($0 % 200 + 20) }))
        let fixture = try RunFixture(gray, name: "scan.png")
        let pipeline = try fixture.pipeline("""
            name: gray-\(format)
            stages:
              - sharpen: { amount: 1 }
            output: { format: \(format), access-copy: true }
            """)
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        for path in [report.derivativePath, report.accessCopyPath!] {
            let xmp = try RunFixture.exiftool(path)
            #expect(xmp["XMP-iptcExt:DigitalSourceType"] as? String
                    == "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced", "\(path)")
            #expect(xmp["XMP-xmpMM:HistoryAction"] as? String == "edited", "\(path)")
            let decoded = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(decoded.channels == 1 && decoded.bitDepth == 8, "gray 8-bit stays gray 8-bit")
        }
    }

    /// `stages` (YAML list items) run on a light 40×30 RGB original with a dark 6×6 square, which the
    /// fixture detector marks; TIFF output with masks.
    static func runOnDarkSquare(_ stages: String) throws -> (RunFixture, RunReport) {
        var samples = [UInt8](repeating: 230, count: 40 * 30 * 3)
        for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * 40 + x) * 3 + c] = 5 } } }
        let fixture = try RunFixture(RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples)))
        let pipeline = try fixture.pipeline("name: x\nstages:\n\(stages)\noutput: { format: tiff, masks: true }\n")
        return (fixture, try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath))
    }

    @Test func modelStagesWriteMasksAndAreAIAltered() throws {
        let (fixture, report) = try Self.runOnDarkSquare("""
              - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }
              - inpaint: { model: test-inpainter@1, mask: detect-damage }
            """)
        #expect(report.aiAltered && report.digitalSourceType == .compositeWithTrainedAlgorithmicMedia)
        #expect(report.maskPaths.map { String($0.split(separator: "/").last!) } == ["mask-0-detect-damage.png", "mask-1-inpaint.png"])
        let mask = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.maskPaths[0]))))
        guard case .uint8(let values) = mask.samples else { Issue.record("8-bit mask expected"); return }
        #expect(values.filter { $0 == 255 }.count == 36 && values.filter { $0 == 0 }.count == 1164)
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        guard case .uint8(let out) = derivative.samples else { Issue.record("8-bit derivative expected"); return }
        #expect(out[(12 * 40 + 14) * 3] == 128, "the hole is filled with the fixture's 0.5 gray")
        #expect(out[0] == 230, "known pixels are kept")

        let steps = try fixture.catalog.steps(ofRun: report.runID)
        #expect(steps.map(\.method) == ["trained-model", "trained-model"])
        #expect(steps.map(\.algorithm) == ["test-detector@1", "test-inpainter@1"])
        #expect(steps[1].fractionChanged == 36.0 / 1200)
        #expect(steps.map(\.invents) == [nil, .imageContent], "what each stage declares it invents is recorded")
        let modelID = try #require(steps[1].modelAgentId)
        let model = try #require(try fixture.catalog.agent(modelID))
        #expect(model.type == .model && model.name == "test-inpainter" && model.version == "1" && model.identifier.count == 64)
        #expect(steps[0].maskObjectId != nil && steps[0].maskObjectId == steps[1].maskObjectId,
                "the inpainter's mask is the detector's: the same bytes, one object")
        let maskID = try #require(steps[0].maskObjectId)
        let maskObject = try fixture.catalog.details(of: maskID)
        #expect(maskObject.object.kind == .mask && maskObject.object.sourceObjectId == fixture.original.id)
        let events = try fixture.catalog.details(of: report.derivativeID).events
        #expect(events.map(\.event.type) == [.modification, .creation])
        #expect(events[0].agents.map(\.agent.name) == ["test-inpainter"], "the model is the executing program")
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).first?.aiAltered == true)
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect(xmp["XMP-iptcExt:DigitalSourceType"] as? String
                == "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia")
        #expect(xmp["XMP-xmpMM:HistoryAction"] as? [String] == ["analyzed", "edited"])
    }

    @Test func aDetectorAloneAnalysesAndIsNotAIAltered() throws {
        let (fixture, report) = try Self.runOnDarkSquare("  - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }")
        #expect(!report.aiAltered && report.digitalSourceType == .algorithmicallyEnhanced)
        #expect(report.maskPaths.count == 1, "the detector's mask is still written and recorded")
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).first?.aiAltered == false)
        let xmp = try RunFixture.exiftool(report.derivativePath)
        #expect(xmp["XMP-xmpMM:HistoryAction"] as? String == "analyzed" || xmp["XMP-xmpMM:HistoryAction"] as? [String] == ["analyzed"])
    }

    @Test func jpegOutputsOfAnImageWithAlphaAreCompositedOverWhite() throws {
        // RGBA 8-bit: opaque dark red, then fully transparent black.
        var samples = [UInt8]()
        for pixel in 0..<(16 * 8) { samples += pixel % 2 == 0 ? [120, 10, 10, 255] : [0, 0, 0, 0] }
        let fixture = try RunFixture(RasterImage(width: 16, height: 8, channels: 4, bitDepth: 8, samples: .uint8(samples)),
                                     name: "scan.png")
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - sharpen: { amount: 0 }\n"
                                            + "output: { format: png, access-copy: true }\n")
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        #expect(derivative.channels == 4, "PNG keeps the alpha")
        let access = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: try #require(report.accessCopyPath)))))
        #expect(access.channels == 3)
        guard case .uint8(let pixels) = access.samples else { Issue.record("8-bit access copy expected"); return }
        #expect(pixels[3] > 240 && pixels[4] > 240 && pixels[5] > 240, "a transparent pixel shows white: \(pixels[3..<6])")
        let jpeg = try fixture.pipeline("name: y\nstages:\n  - sharpen: { amount: 0 }\noutput: { format: jpeg }\n")
        let flat = try fixture.runner().run(jpeg, on: fixture.original, from: fixture.originalPath)
        #expect(try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: flat.derivativePath)))).channels == 3)
    }

    @Test func failureMidwayLeavesNoFileAndNoRecord() throws {
        let fixture = try RunFixture(Self.castScan())
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - sharpen:\noutput: { access-copy: true }\n")
        struct Injected: Error {}
        for failing in ["1-x.tif", "1-x-access.jpg", "provenance.json"] {
            var runner = fixture.runner()
            runner.afterWriting = { name in if name.hasSuffix(failing) { throw Injected() } }
            #expect(throws: PipelineError.self) { try runner.run(pipeline, on: fixture.original, from: fixture.originalPath) }
            #expect(fixture.derivativeFiles().allSatisfy { !$0.contains("/") }, "no run folder, partial or not: \(fixture.derivativeFiles())")
            #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).isEmpty)
        }
        // And the same run without the failure succeeds.
        #expect(try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath).runID > 0)
    }

    @Test func catalogFailureRemovesThePublishedFiles() throws {
        let fixture = try RunFixture(Self.castScan())
        // The schema refuses a pipeline SHA-256 that is not 64 hex digits: the transaction fails after
        // the folder was published, and the run must leave nothing behind.
        let pipeline = try PipelineReader(models: ValidationTests.fixtureModels)
            .validate(yaml: "name: x\nstages:\n  - sharpen:\n", file: "p.yaml", sha256: "not-a-digest")
        let error = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        }
        guard case .catalog(let file, _) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(file == fixture.catalog.path)
        #expect(fixture.derivativeFiles().allSatisfy { !$0.contains("/") }, "\(fixture.derivativeFiles())")
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).isEmpty)
        #expect(try fixture.catalog.details(of: fixture.original.id!).events.allSatisfy { $0.event.type != .creation })
    }

    @Test func changedOriginalIsNotRestored() throws {
        let fixture = try RunFixture(Self.castScan())
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.originalPath))
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: URL(fileURLWithPath: fixture.originalPath))
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - sharpen:\n")
        let error = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        }
        #expect(error?.description.contains("the file changed since ingest") == true)
        #expect(fixture.derivativeFiles().isEmpty)
    }

    @Test func refusedStageFailsTheRunCleanly() throws {
        let fixture = try RunFixture(Self.castScan())
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - colorize: { model: test-colorizer@1 }\n")
        let error = #expect(throws: PipelineError.self) {
            try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        }
        guard case .stage(let file, let stage, let cause) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(file == fixture.originalPath && stage == "colorize" && cause.contains("already in color"))
        #expect(fixture.derivativeFiles().isEmpty)
        #expect(try fixture.catalog.runs(ofSource: fixture.original.id!).isEmpty)
    }

    @Test func colorizedGrayDropsTheGrayProfile() throws {
        let gray = RasterImage(width: 24, height: 16, channels: 1, bitDepth: 16,
                               samples: .uint16((0..<384).map { UInt16($0 * 150) }),
                               iccProfile: RunFixture.iccProfile(space: "GRAY"))
        let fixture = try RunFixture(gray)
        let pipeline = try fixture.pipeline("name: x\nstages:\n  - colorize: { model: test-colorizer@1 }\n")
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        #expect(derivative.channels == 3 && derivative.bitDepth == 16 && derivative.iccProfile == nil)
    }

    /// A pipeline that makes the image larger (issue 23): the derivative, its access copy, the sidecar and the
    /// catalog all have the new size, the density doubles (the same print size), the detector's mask keeps the
    /// original's grid, and the step discloses the invented detail.
    @Test func anEnlargingPipelineEndToEnd() throws {
        var scan = Self.castScan(width: 24, height: 16)
        scan.iccProfile = nil
        let fixture = try RunFixture(scan, name: "small.tif") { path in
            try RunFixture.exiftool(["-q", "-overwrite_original", "-IFD0:XResolution=300", "-IFD0:YResolution=300",
                                     "-IFD0:ResolutionUnit=inches", "-XMP-tiff:XResolution=300", path])
        }
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        let pipeline = try fixture.pipeline("""
            name: enlarge
            version: 1
            stages:
              - detect-damage: { model: test-detector@1 }
              - upscale: { model: test-upscaler@1 }
            output: { masks: true, access-copy: true }
            """)
        let report = try fixture.runner().run(pipeline, on: fixture.original, from: fixture.originalPath)
        let derivative = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: report.derivativePath))))
        #expect(derivative.width == 48 && derivative.height == 32)
        let access = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: try #require(report.accessCopyPath)))))
        #expect(access.width == 48 && access.height == 32)
        let mask = try ImageDecoder.decode(Array(try Data(contentsOf: URL(fileURLWithPath: try #require(report.maskPaths.first)))))
        #expect(mask.width == 24 && mask.height == 16, "the detector's mask is on the original's grid")

        let tags = try RunFixture.exiftool(["-j", "-G1", "-IFD0:all", "-XMP-tiff:all", "-n", report.derivativePath])
        #expect(tags["IFD0:XResolution"] as? Double == 600 && tags["IFD0:YResolution"] as? Double == 600, "\(tags)")
        #expect(tags["XMP-tiff:XResolution"] == nil, "the original's XMP density is not carried: \(tags)")
        #expect(report.steps.map(\.stage) == ["detect-damage", "upscale"] && report.steps[1].fractionChanged == 1)
        #expect(report.steps[1].invents == .imageContent && report.aiAltered)

        let sidecar = try JSONDecoder().decode(ProvenanceSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath)))
        #expect(sidecar.derivative.width == 48 && sidecar.derivative.height == 32)
        #expect(sidecar.accessCopy?.width == 48 && sidecar.masks.first?.width == 24)
        let details = try fixture.catalog.details(of: report.derivativeID)
        #expect(details.object.width == 48 && details.object.height == 32)
    }
}
