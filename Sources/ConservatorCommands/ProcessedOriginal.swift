import Foundation
import Pipeline
import Restoration

/// The `--json` shape of one original given to `process`: the run it got, or why it got none.
struct ProcessedOriginal: Encodable {
    /// As given on the command line.
    var reference: String
    var originalId: Int64?
    /// `processed`, `failed` or `not-found`.
    var outcome: String
    var error: String?
    var run: Run?

    struct Run: Encodable {
        var id: Int64
        var derivativeId: Int64
        var folder: String
        var derivative: String
        var sidecar: String
        var masks: [String]
        var accessCopy: String?
        var aiAltered: Bool
        var digitalSourceType: String?
        var reviewState: String
        var reviewReason: String
        var steps: [Step]
    }

    struct Step: Encodable {
        var stage: String
        var method: String
        /// The model's `name@version` or the classical algorithm.
        var algorithm: String
        var fractionChanged: Double
        var regions: Int?
        var seconds: Double
    }

    static func processed(_ reference: String, originalID: Int64?, _ report: RunReport) -> ProcessedOriginal {
        ProcessedOriginal(
            reference: reference, originalId: originalID, outcome: "processed",
            run: Run(id: report.runID, derivativeId: report.derivativeID, folder: report.folder,
                     derivative: report.derivativePath, sidecar: report.sidecarPath, masks: report.maskPaths,
                     accessCopy: report.accessCopyPath, aiAltered: report.aiAltered,
                     digitalSourceType: report.digitalSourceType?.rawValue, reviewState: report.review.state.rawValue,
                     reviewReason: report.review.reason,
                     steps: report.steps.map { step in
                         Step(stage: step.stage, method: step.method.kind, algorithm: step.method.algorithm,
                              fractionChanged: step.fractionChanged, regions: step.regions?.count,
                              seconds: step.duration.seconds)
                     }))
    }

    static func unprocessed(_ reference: String, originalID: Int64?, outcome: String, error: String) -> ProcessedOriginal {
        ProcessedOriginal(reference: reference, originalId: originalID, outcome: outcome, error: error)
    }
}
