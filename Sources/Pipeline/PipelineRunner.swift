import Catalog
import Disclosure
import Fixity
import Foundation
import ImageSource
import Installation
import Metadata
import Raster
import Restoration

/// Runs a validated pipeline on one original and records the result.
///
/// Order, and why: the original is mapped read-only, checked against its catalog SHA-256 and decoded
/// once; every stage is made (models loaded and hash-checked) before any pixel is touched; the stages
/// run in order; the derivative (with its XMP disclosure), masks, access copy and provenance sidecar are
/// written into a hidden folder that is renamed into place only when all are synced; then one catalog
/// transaction records the run. A failure at any point leaves no files and no records of the run.
///
/// ```swift
/// let runner = PipelineRunner(catalog: catalog, models: ModelStore(directory: "Models"),
///                             derivatives: "/archive/derivatives", software: Agent.conservator)
/// let report = try runner.run(pipeline, on: original, from: "/archive/ingest/0001.tif")
/// print(report.derivativePath, report.aiAltered)
/// ```
public struct PipelineRunner: Sendable {
    public let catalog: Catalog
    public let models: ModelStore
    /// The derivatives root; runs go to `<root>/<original id>/<run name>/`.
    public let derivatives: String
    /// The executing software agent (name, version, and the git commit as identifier when known).
    public let software: Agent
    /// Tile core for model stages (memory for activations is bounded by it) and threads per convolution.
    public var tileSize = StageContext.defaultTileSize
    public var threads = 2
    /// The institution the derivatives are published by (its name and rights statement go into their XMP).
    public var institution: Institution?
    /// Hears each stage's progress on the image being restored (for a terminal's progress line).
    public var progress: StageChain.ChainProgress?
    /// Called after each output file is written, with its name; a test throws from it to prove that a
    /// failure midway leaves nothing behind.
    var afterWriting: (@Sendable (String) throws -> Void)?

    static let sidecarName = "provenance.json"

    public init(catalog: Catalog, models: ModelStore, derivatives: String, software: Agent) {
        self.catalog = catalog
        self.models = models
        self.derivatives = derivatives
        self.software = software
    }

    /// What the stages made, before anything is written.
    private struct Restored {
        var image: WorkingImage
        var steps: [AppliedStep]
        var bitDepth: Int
        var icc: [UInt8]?
        /// Whether a trained model changed pixels. A detector alone changes none (it only analyses), so a
        /// detect-only run is not AI-altered; every stage that fills a detector's mask is itself a model.
        var aiAltered: Bool { steps.contains { $0.method.model != nil && $0.altersPixels } }
        var disclosure: DigitalSourceType? { steps.map(\.disclosure).max() }
        var review: RunReview
        var correction: Correction?
        /// How many times wider the derivative is than the original (an `upscale` stage; else 1).
        var enlargement: Int
    }

    /// What was written into the run folder.
    private struct Written {
        var derivative: WrittenFile
        var masks: [Int: WrittenFile]
        var accessCopy: WrittenFile?
        var sidecar: [UInt8]
        var endedAt: String
    }

    /// Runs `pipeline` on `original`, whose bytes are at `path`. `maskFile` is the mask for stages whose
    /// mask is `supplied` (white marks what to fill; see ``DamageMask/init(painted:)``): required by such a
    /// pipeline, refused by any other. Its path and SHA-256 are recorded with the steps that use it.
    /// `job`, for a run made for a queued job: recorded only while that worker still holds the job
    /// (``PipelineError/jobTakenOver(job:worker:)`` and nothing kept otherwise).
    public func run(_ pipeline: Pipeline, on original: StoredObject, from path: String,
                    maskFile: String? = nil, holding job: HeldJob? = nil) throws(PipelineError) -> RunReport {
        try run(pipeline, on: original, from: path, supplied: try SuppliedMask.load(maskFile, for: pipeline), correction: nil,
                holding: job)
    }

    /// A run with a supplied mask or as a correction (``RunCorrection``): recorded as superseding the run it
    /// corrects, in the same transaction.
    func run(_ pipeline: Pipeline, on original: StoredObject, from path: String, supplied: SuppliedMask?,
             correction: Correction?, holding job: HeldJob? = nil) throws(PipelineError) -> RunReport {
        let startedAt = Timestamp.now()
        guard let originalID = original.id, let originalSHA256 = original.sha256 else {
            throw .source(file: path, cause: "the object has no catalog id or SHA-256")
        }
        let (decoded, carried) = try decode(path, expecting: originalSHA256)
        let restored = try restore(consume decoded, with: pipeline, path: path, supplied: supplied, correction: correction)
        let folder = RunFolder(parent: "\(derivatives)/\(originalID)", name: Self.runName(startedAt, pipeline: pipeline.name))
        try folder.create(recordingIn: CatalogIdentity.path(of: catalog))
        do {
            let written = try write(restored, pipeline: pipeline, into: folder, carrying: carried,
                                    original: (originalID, originalSHA256, path), startedAt: startedAt)
            try folder.publish()
            let recorded: RecordedRun
            do {
                let run = try record(restored, written, pipeline: pipeline, folder: folder, originalID: originalID,
                                     startedAt: startedAt)
                recorded = try correction.map { correction in
                    try catalog.recordCorrection(run, superseding: correction.supersedes, person: correction.person,
                                                 reason: correction.reason)
                } ?? catalog.recordRun(run, holding: job)
            } catch let error as PipelineError {
                throw error
            } catch CatalogError.jobNotHeld(let job, let worker) {
                throw PipelineError.jobTakenOver(job: job, worker: worker)
            } catch {
                throw PipelineError.catalog(file: catalog.path, cause: "\(error)")
            }
            folder.finish()
            return RunReport(runID: recorded.runID, derivativeID: recorded.derivativeID, folder: folder.final,
                             derivativePath: "\(folder.final)/\(written.derivative.name)",
                             sidecarPath: "\(folder.final)/\(Self.sidecarName)",
                             maskPaths: written.masks.sorted { $0.key < $1.key }.map { "\(folder.final)/\($1.name)" },
                             accessCopyPath: written.accessCopy.map { "\(folder.final)/\($0.name)" },
                             steps: restored.steps, aiAltered: restored.aiAltered,
                             digitalSourceType: restored.disclosure, review: restored.review)
        } catch let error as PipelineError {
            folder.discard()
            throw error
        } catch {
            folder.discard()
            throw .output(file: folder.final, cause: "\(error)")
        }
    }

    /// Maps, verifies and decodes the original, and reads the metadata the derivative carries over.
    private func decode(_ path: String, expecting sha256: String) throws(PipelineError) -> (RasterImage, CarriedMetadata) {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            throw .source(file: path, cause: "\(error)")
        }
        let actual = file.withBytes { ContentHash.sha256($0) }
        guard actual == sha256 else {
            throw .source(file: path, cause: "SHA-256 is \(actual), the catalog records \(sha256): "
                          + "the file changed since ingest; not restoring it")
        }
        let image: RasterImage
        do {
            image = try ImageDecoder.decode(file)
        } catch {
            throw .source(file: path, cause: error.description)
        }
        // metadata the reader cannot make sense of is simply not carried: the original and the catalog keep it
        let metadata = file.withBytes { bytes in
            ImageFormat.sniff(bytes.prefix(ImageFormat.signatureLength)).flatMap { try? MetadataReader.read(bytes, format: $0) }
        }
        return (image, metadata.map(CarriedMetadata.init) ?? .empty)
    }

    /// Takes `decoded` (consumed): once it is working planes, the decoded samples are let go rather than
    /// held through every stage (144 MB for a 24-megapixel 16-bit scan).
    private func restore(_ decoded: consuming RasterImage, with pipeline: Pipeline, path: String, supplied: SuppliedMask?,
                         correction: Correction?) throws(PipelineError) -> Restored {
        let bitDepth = pipeline.output.depth(forSource: decoded.bitDepth)
        let sourceProfile = decoded.iccProfile
        let sourceWidth = decoded.width
        do {
            let chain = try StageChain(pipeline.stages, models: models, tileSize: tileSize, threads: threads)
            // the initializer takes the raster (its parameter is owned) and lets it go when the planes are made
            var (image, steps) = try chain.run(WorkingImage(decoded), outputBitDepth: bitDepth, suppliedMask: supplied?.mask,
                                               painted: correction?.painted, progress: progress)
            if let supplied { steps = steps.map(supplied.recorded) }
            var review = RunReview(steps: steps, reviewAbove: pipeline.reviewAbove)
            if let correction {
                steps[correction.painted.position] = correction.recorded(steps[correction.painted.position])
                review = correction.review(steps: steps, reviewAbove: pipeline.reviewAbove)
            }
            let icc = pipeline.output.keepICC ? Self.compatibleProfile(sourceProfile, colorPlanes: image.planes.count) : nil
            return Restored(image: image, steps: steps, bitDepth: bitDepth, icc: icc, review: review,
                            correction: correction, enlargement: max(1, image.width / max(sourceWidth, 1)))
        } catch {
            let stage: String = switch error {
            case .refused(let stage, _): stage
            default: pipeline.stages.map(\.descriptor.name).joined(separator: ", ")
            }
            throw .stage(file: path, stage: stage, cause: error.description)
        }
    }

    private func write(_ restored: Restored, pipeline: Pipeline, into folder: RunFolder, carrying carried: CarriedMetadata,
                       original: (id: Int64, sha256: String, path: String), startedAt: String) throws -> Written {
        let xmp = DisclosureXMP(disclosure: restored.disclosure ?? .algorithmicallyEnhanced, aiAltered: restored.aiAltered,
                                steps: restored.steps, originalSHA256: original.sha256, sidecarName: Self.sidecarName,
                                pipeline: "\(pipeline.name) \(pipeline.version)", carried: carried,
                                institution: institution).packet
        let format = pipeline.output.format
        let derivativeImage = format == .jpeg ? restored.image.flattenedOverWhite : restored.image
        // the original's resolution (per unit of the print: times the enlargement) and rights, in the formats'
        // own fields as well as in the XMP
        func described(_ raster: RasterImage) -> RasterImage {
            var described = raster
            described.descriptiveFields = carried.fields.enlarged(by: restored.enlargement)
            return described
        }
        let derivative = try encode(described(derivativeImage.raster(bitDepth: restored.bitDepth, iccProfile: restored.icc)),
                                    as: "\(original.id)-\(pipeline.name).\(format.fileExtension)",
                                    options: pipeline.output.encodeOptions, xmp: xmp, into: folder)
        var masks: [Int: WrittenFile] = [:]
        if pipeline.output.masks {
            for (position, step) in restored.steps.enumerated() where position != restored.correction?.painted.position {
                guard let mask = step.mask else { continue }
                masks[position] = try encode(mask.raster, as: "mask-\(position)-\(step.stage).png", options: .png,
                                             xmp: nil, into: folder)
            }
        }
        if let correction = restored.correction {
            // written whatever the pipeline says of masks: it is what the correction is made of
            try folder.write(correction.png, as: Correction.fileName)
            try afterWriting?(Correction.fileName)
            masks[correction.painted.position] = WrittenFile(name: Correction.fileName, bytes: correction.png,
                                                             image: correction.painted.mask.raster, options: .png)
        }
        let accessCopy = pipeline.output.accessCopy
            ? try encode(described(restored.image.flattenedOverWhite.raster(bitDepth: 8, iccProfile: restored.icc)),
                         as: "\(original.id)-\(pipeline.name)-access.jpg", options: .jpeg(quality: 90), xmp: xmp, into: folder)
            : nil
        let endedAt = Timestamp.now()
        let sidecar = ProvenanceSidecar(
            pipeline: .init(name: pipeline.name, version: pipeline.version, file: pipeline.file, sha256: pipeline.sha256),
            software: .init(name: software.name, version: software.version, commit: software.identifier),
            original: .init(id: original.id, sha256: original.sha256, path: original.path),
            derivative: derivative.sidecarEntry, accessCopy: accessCopy?.sidecarEntry,
            masks: masks.sorted { $0.key < $1.key }.map(\.value.sidecarEntry),
            steps: restored.steps.enumerated().map { position, step in
                .init(position: position, stage: step.stage, stageVersion: step.stageVersion, method: step.method.kind,
                      algorithm: step.method.algorithm, model: step.method.model, parameters: step.parameters.values,
                      fractionChanged: step.fractionChanged, mask: masks[position]?.name,
                      durationSeconds: step.duration.seconds, digitalSourceType: step.disclosure.uri,
                      finishedAt: step.finishedAt, regions: step.regions, invents: step.invents)
            },
            digitalSourceType: (restored.disclosure ?? .algorithmicallyEnhanced).uri, aiAltered: restored.aiAltered,
            review: restored.review, supersedes: restored.correction?.supersedes, startedAt: startedAt, endedAt: endedAt)
        let sidecarBytes = try Self.json(sidecar, file: "\(folder.final)/\(Self.sidecarName)")
        try folder.write(sidecarBytes, as: Self.sidecarName)
        try afterWriting?(Self.sidecarName)
        return Written(derivative: derivative, masks: masks, accessCopy: accessCopy, sidecar: sidecarBytes, endedAt: endedAt)
    }

    /// Encodes `image`, embeds `xmp`, and writes it into the run folder.
    private func encode(_ image: RasterImage, as name: String, options: EncodeOptions, xmp: String?,
                        into folder: RunFolder) throws -> WrittenFile {
        var bytes: [UInt8]
        do {
            bytes = try ImageEncoder.encode(image, as: options)
            if let xmp { bytes = try XMPEmbedding.embed(xmp, in: bytes, format: options.format) }
        } catch {
            throw PipelineError.output(file: "\(folder.final)/\(name)", cause: "\(error)")
        }
        try folder.write(bytes, as: name)
        try afterWriting?(name)
        return WrittenFile(name: name, bytes: bytes, image: image, options: options, xmp: xmp)
    }

    /// The catalog's record of the run: paths are where the files are once the folder is published.
    private func record(_ restored: Restored, _ written: Written, pipeline: Pipeline, folder: RunFolder,
                        originalID: Int64, startedAt: String) throws(PipelineError) -> NewRun {
        var steps: [NewRun.NewStep] = []
        for (position, step) in restored.steps.enumerated() {
            let parameters = try Self.json(step.parameters.values, file: catalog.path, compact: true)
            var regions: [UInt8]?
            if let summary = step.regions { regions = try Self.json(summary, file: catalog.path, compact: true) }
            var newStep = NewRun.NewStep(
                stage: step.stage, stageVersion: step.stageVersion, method: step.method.kind,
                algorithm: step.method.algorithm,
                model: step.method.model.map { Agent(type: .model, name: $0.name, version: $0.version, identifier: $0.sha256) },
                parametersJSON: String(decoding: parameters, as: UTF8.self), fractionChanged: step.fractionChanged,
                mask: written.masks[position].map {
                    NewRun.Output(object: $0.object(.mask, source: originalID), path: "\(folder.final)/\($0.name)")
                },
                durationSeconds: step.duration.seconds, digitalSourceType: step.disclosure.rawValue,
                altersPixels: step.altersPixels, finishedAt: step.finishedAt)
            newStep.regionCount = step.regions?.count
            newStep.regionArea = step.regions?.area
            newStep.regionsJSON = regions.map { String(decoding: $0, as: UTF8.self) }
            newStep.invents = step.invents
            steps.append(newStep)
        }
        var run = NewRun(
            sourceObjectID: originalID,
            pipeline: Agent(type: .pipeline, name: pipeline.name, version: pipeline.version, identifier: pipeline.sha256),
            software: software,
            derivative: .init(object: written.derivative.object(.derivative, source: originalID),
                              path: "\(folder.final)/\(written.derivative.name)"),
            steps: steps, sidecarPath: "\(folder.final)/\(Self.sidecarName)", sidecarSHA256: ContentHash.sha256(written.sidecar),
            digitalSourceType: (restored.disclosure ?? .algorithmicallyEnhanced).rawValue, aiAltered: restored.aiAltered,
            startedAt: startedAt, endedAt: written.endedAt)
        run.inventedFraction = restored.review.inventedFraction
        run.reviewAbove = restored.review.reviewAbove
        run.reviewState = restored.review.state
        run.reviewReason = restored.review.reason
        return run
    }

    /// The profile, when its color space (ICC header bytes 16–19) fits the output: a gray profile on
    /// a colorized image would make the file invalid, so it is left off (and the sidecar says so).
    static func compatibleProfile(_ profile: [UInt8]?, colorPlanes: Int) -> [UInt8]? {
        guard let profile, profile.count >= 20 else { return nil }
        let space = String(decoding: profile[16..<20], as: UTF8.self)
        return (space == "GRAY") == (colorPlanes == 1) ? profile : nil
    }

    /// `20261125T171500123Z-classical`: sortable, unique per run of a pipeline on an original.
    static func runName(_ timestamp: String, pipeline: String) -> String {
        timestamp.filter { $0 != "-" && $0 != ":" && $0 != "." } + "-" + pipeline
    }

    /// JSON with sorted keys: pretty for files people read, compact for catalog columns.
    static func json<T: Encodable>(_ value: T, file: String, compact: Bool = false) throws(PipelineError) -> [UInt8] {
        let encoder = JSONEncoder.conservator(pretty: !compact)
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw .output(file: file, cause: "cannot encode JSON: \(error)")
        }
    }
}

extension Duration {
    /// The duration in seconds, as a number for records.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
