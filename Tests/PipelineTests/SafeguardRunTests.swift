import Catalog
import Disclosure
import Foundation
@testable import Pipeline
import Raster
import Restoration
import Testing

/// A run records the regions its steps marked and filled, and whether it awaits review, in the catalog
/// and the sidecar; `review-above` decides the review state, and the catalog can be asked for those runs.
@Suite struct SafeguardRunTests {
    /// The 6×6 dark square of ``RunnerTests/runOnDarkSquare(_:)`` is 36 of 1200 pixels: 3%.
    static let stages = """
          - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }
          - inpaint: { method: telea, mask: detect-damage }
        """

    @Test func aRunFillingMoreThanReviewAboveIsProposedAndItsRegionsAreRecorded() throws {
        let (fixture, report) = try RunnerTests.runOnDarkSquare(Self.stages + "\nreview-above: 0.01")
        #expect(report.review.state == .proposed && report.review.inventedFraction == 0.03)
        #expect(!report.aiAltered && report.digitalSourceType == .compositeSynthetic,
                "a classical fill is an edit, disclosed as such, but not AI")

        let run = try #require(try fixture.catalog.runs(ofSource: fixture.original.id!).first)
        #expect(run.reviewState == "proposed" && run.reviewAbove == 0.01 && run.inventedFraction == 0.03)
        #expect(run.reviewReason == "fills or invents 3.00% of the pixels, more than review-above 1.00%")
        let steps = try fixture.catalog.steps(ofRun: report.runID)
        #expect(steps[1].method == "classical" && steps[1].algorithm == "telea" && steps[1].modelAgentId == nil)
        #expect(steps[1].digitalSourceType == "compositeSynthetic")
        #expect(steps.map(\.regionCount) == [1, 1] && steps.map(\.regionArea) == [36, 36])
        let filled = try #require(steps[1].recordedRegions)
        #expect(filled.boxes == [RegionSummary.Box(x: 12, y: 10, width: 6, height: 6, area: 36, method: "telea")])
        #expect(filled.filledBy == ["telea": 1])
        #expect(steps[0].recordedRegions?.dropped == [:])

        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report.sidecarPath)))
            as? [String: Any]
        #expect(sidecar?["schema"] as? String == "conservator-provenance/1")
        let review = sidecar?["review"] as? [String: Any]
        #expect(review?["state"] as? String == "proposed" && review?["reviewAbove"] as? Double == 0.01)
        let sidecarSteps = sidecar?["steps"] as? [[String: Any]]
        let regions = sidecarSteps?[1]["regions"] as? [String: Any]
        #expect(regions?["count"] as? Int == 1 && regions?["area"] as? Int == 36)
        #expect((regions?["boxes"] as? [[String: Any]])?.first?["method"] as? String == "telea")

        let waiting = try fixture.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .proposed)))
        #expect(waiting.map(\.object.id) == [fixture.original.id])
    }

    @Test func aRunAtOrBelowReviewAboveNeedsNoReview() throws {
        let (fixture, report) = try RunnerTests.runOnDarkSquare(Self.stages + "\nreview-above: 0.03")
        #expect(report.review.state == .notRequired)
        #expect(report.review.reason == "fills or invents 3.00% of the pixels, at most review-above 3.00%")
        #expect(try fixture.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .proposed))).isEmpty)
    }

    @Test func withoutReviewAboveEveryAIAlteredRunAwaitsReview() throws {
        let unset = try RunnerTests.runOnDarkSquare(Self.stages).1
        #expect(unset.review.state == .proposed && unset.review.reviewAbove == nil)
        #expect(unset.review.reason.hasSuffix("a trained model took part and the pipeline sets no review-above"))
        let classical = try RunnerTests.runOnDarkSquare("  - sharpen: { amount: 2 }").1
        #expect(classical.review.state == .notRequired)
        #expect(classical.review.reason.hasSuffix("no trained model took part and the pipeline sets no review-above"))
    }

    @Test func enhancementIsNotCountedAsInvented() throws {
        let (_, report) = try RunnerTests.runOnDarkSquare("  - sharpen: { amount: 2 }\nreview-above: 0")
        #expect(report.steps[0].fractionChanged > 0 && report.review.inventedFraction == 0)
        #expect(report.review.state == .notRequired)
    }

    @Test func aRegionTooLargeIsLeftUnfilledAndCounted() throws {
        let (fixture, report) = try RunnerTests.runOnDarkSquare("""
              - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1, max-region: 10 }
              - inpaint: { model: test-inpainter@1, mask: detect-damage }
            """)
        #expect(report.steps[1].fractionChanged == 0, "nothing was filled")
        let steps = try fixture.catalog.steps(ofRun: report.runID)
        #expect(steps[0].regionCount == 0 && steps[0].recordedRegions?.dropped == ["larger-than-max-region": 1])
    }
}
