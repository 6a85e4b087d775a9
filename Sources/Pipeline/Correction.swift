import Catalog
import Fixity
import Raster
import Restoration

/// What makes a run a correction of an older one (made by ``RunCorrection``): the mask a person painted for
/// one step, who they are and why, and the run it supersedes. The mask is written into the new run folder
/// as ``fileName`` (the bytes of ``png``, whose SHA-256 the step records), the step records the person
/// rather than the stage's model, and the run is recorded `proposed` whatever the pipeline's `review-above`:
/// a correction is a curator's judgement, and another look at its result is cheap.
struct Correction: Sendable {
    static let fileName = "corrected-mask.png"

    var supersedes: Int64
    var painted: PaintedMask
    var person: String
    var reason: String
    /// The mask as written: 8-bit gray, 255 where marked (whatever the browser sent, normalized).
    var png: [UInt8]
    var sha256: String { ContentHash.sha256(png) }

    init(supersedes: Int64, painted: PaintedMask, person: String, reason: String) throws(PipelineError) {
        self.supersedes = supersedes
        self.painted = painted
        self.person = person
        self.reason = reason
        do {
            png = try ImageEncoder.encode(painted.mask.raster, as: .png)
        } catch {
            throw .output(file: Self.fileName, cause: error.description)
        }
    }

    /// The painted step with who painted it, the file and its SHA-256, and the algorithm it stands in for
    /// among its parameters.
    func recorded(_ step: AppliedStep) -> AppliedStep {
        var step = step
        step.parameters.values["painted-by"] = .text(person)
        step.parameters.values["mask-file"] = .text(Self.fileName)
        step.parameters.values["mask-file-sha256"] = .text(sha256)
        return step
    }

    /// `proposed`, with the reason in words; the fraction filled is measured as for any run.
    func review(steps: [AppliedStep], reviewAbove: Double?) -> RunReview {
        var review = RunReview(steps: steps, reviewAbove: reviewAbove)
        review.state = .proposed
        review.reason = "corrects run \(supersedes) with a mask painted by \(person); " + review.reason
        return review
    }
}
