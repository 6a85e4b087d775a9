import Catalog
import Foundation
import ImageSource
import Raster
import Restoration

/// A curator's correction: run `N`'s pipeline again on its original, with the mask of step `K` replaced by
/// one the curator painted (white marks damage, as in ``DamageMask/init(painted:)``). Step `K` must be a
/// stage that makes a mask and changes no pixel (`detect-damage`): its model is not run, and the stages
/// after it fill the painted mask instead. The new run supersedes run `N` (``Catalog/recordCorrection(_:superseding:person:reason:at:)``),
/// its folder holds `corrected-mask.png`, its sidecar says `supersedes: N`, and it awaits review.
///
/// Everything that can be refused is checked before the pipeline runs: the run (``CorrectionError``), the
/// step, the pipeline (read again by name from the library; its SHA-256 must still be the one run `N`
/// recorded, so the re-run is the same pipeline), its models, and the mask (a PNG the size of the original).
///
/// ```swift
/// let correction = RunCorrection(runner: runner, pipelines: reader)
/// let report = try correction.correct(run: 12, step: 0, mask: pngBytes, person: "carol", reason: "missed a scratch")
/// print(report.runID)   // the new run, which supersedes run 12
/// ```
public struct RunCorrection: Sendable {
    public let runner: PipelineRunner
    /// Finds the run's pipeline by name (and checks its models are there).
    public let pipelines: PipelineReader

    public init(runner: PipelineRunner, pipelines: PipelineReader) {
        self.runner = runner
        self.pipelines = pipelines
    }

    private var catalog: Catalog { runner.catalog }

    public func correct(run runID: Int64, step position: Int, mask png: [UInt8], person: String,
                        reason: String) throws(CorrectionError) -> RunReport {
        let old = try correctable(runID)
        let steps = try catalogued { try catalog.steps(ofRun: runID) }
        guard let step = steps.first(where: { $0.position == position }) else {
            throw .unknownStep(run: runID, position: position)
        }
        let pipeline: Pipeline
        do {
            pipeline = try pipelines.read(old.pipelineName)
        } catch {
            throw .unavailable(cause: "the pipeline of run \(runID) cannot be run here: \(error.description)")
        }
        guard pipeline.sha256 == old.pipelineSha256 else {
            throw .notCorrectable(run: runID, cause: "pipeline \(pipeline.name) changed since run \(runID) (its file's "
                                  + "SHA-256 is \(pipeline.sha256), the run recorded \(old.pipelineSha256))")
        }
        guard pipeline.stages.indices.contains(position), pipeline.stages[position].descriptor.name == step.stage,
              !pipeline.stages[position].descriptor.altersPixels, !pipeline.needsSuppliedMask else {
            throw .notCorrectable(run: runID, cause: "step \(position) (\(step.stage)) makes no mask of its own that "
                                  + "later stages fill; only a detector's mask can be corrected")
        }
        let original = try catalogued { try catalog.details(of: old.sourceObjectId).object }
        let painted = try Self.decode(png, width: original.width, height: original.height)
        let held = try catalogued { try catalog.heldPaths(of: old.sourceObjectId) }
        guard let path = held.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw .unavailable(cause: "no recorded path of original \(old.sourceObjectId) holds its file any more")
        }
        do {
            let correction = try Correction(supersedes: runID, painted: PaintedMask(position: position, mask: painted),
                                            person: person, reason: reason)
            return try runner.run(pipeline, on: original, from: path, supplied: nil, correction: correction)
        } catch {
            // another submission may have superseded the run while this one ran: say so, as the check would have
            _ = try correctable(runID)
            throw .failed(error)
        }
    }

    /// The mask from the PNG the curator sent; refused unless it is a PNG of exactly the original's size.
    static func decode(_ png: [UInt8], width: Int?, height: Int?) throws(CorrectionError) -> DamageMask {
        guard ImageFormat.sniff(png.prefix(ImageFormat.signatureLength)) == .png else {
            throw .badMask(cause: "the mask is not a PNG file")
        }
        let image: RasterImage
        do {
            // no bigger than the original: a forged header cannot make the server allocate more
            let limits = width.flatMap { width in height.map { DecodeLimits(maxPixels: max(1, width * $0)) } } ?? .standard
            image = try ImageDecoder.decode(png, limits: limits)
        } catch {
            throw .badMask(cause: "the mask cannot be read: \(error.description)")
        }
        if let width, let height, image.width != width || image.height != height {
            throw .badMask(cause: "the mask is \(image.width)×\(image.height), the original \(width)×\(height); "
                           + "they must match")
        }
        return DamageMask(painted: image)
    }

    private func correctable(_ runID: Int64) throws(CorrectionError) -> Run {
        do {
            return try catalog.correctableRun(runID)
        } catch let error as CatalogError {
            switch error {
            case .notFound: throw .unknownRun(runID)
            case let .alreadySuperseded(run, by): throw .alreadySuperseded(run: run, by: by)
            case .notCorrectable: throw .notCorrectable(run: runID, cause: error.description)
            default: throw .failed(.catalog(file: catalog.path, cause: error.description))
            }
        } catch {
            throw .failed(.catalog(file: catalog.path, cause: "\(error)"))
        }
    }

    private func catalogued<T>(_ read: () throws -> T) throws(CorrectionError) -> T {
        do {
            return try read()
        } catch {
            throw .failed(.catalog(file: catalog.path, cause: "\(error)"))
        }
    }
}

/// Why a correction was refused or failed; each case says what the web interface answers (400, 404, 409, 503,
/// 500 for ``failed(_:)``).
public enum CorrectionError: Error, Sendable, CustomStringConvertible {
    case unknownRun(Int64)
    case unknownStep(run: Int64, position: Int)
    /// The mask is not a PNG, unreadable, or not the original's size.
    case badMask(cause: String)
    case alreadySuperseded(run: Int64, by: Int64)
    /// The run is approved or needs no review, its pipeline changed, or the step makes no mask to correct.
    case notCorrectable(run: Int64, cause: String)
    /// The pipeline, a model or the original's file is not here.
    case unavailable(cause: String)
    /// The re-run itself failed; nothing of it was kept.
    case failed(PipelineError)

    public var description: String {
        switch self {
        case let .unknownRun(run): "no run \(run)"
        case let .unknownStep(run, position): "run \(run) has no step \(position)"
        case let .badMask(cause): cause
        case let .alreadySuperseded(run, by): "run \(run) was already corrected: run \(by) supersedes it"
        case let .notCorrectable(run, cause): "run \(run) cannot be corrected: \(cause)"
        case let .unavailable(cause): cause
        case let .failed(error): error.description
        }
    }
}
