import Catalog
import Foundation
import Restoration

/// Whether a run must wait for a curator before it counts as published: it does when a trained model
/// took part (the run is AI-altered), unless the pipeline sets a `review-above` (a fraction of the pixels) and the run
/// fills or invents no more than that — the institution's choice to let small repairs through unreviewed.
/// Recorded on the run in the catalog (`runs.review_state`), in the sidecar (`review`) and shown by `history`.
///
/// ```swift
/// let review = RunReview(steps: applied, reviewAbove: pipeline.reviewAbove)
/// if review.state == .proposed { print(review.reason) }   // "fills or invents 3.20% of the pixels, ..."
/// ```
public struct RunReview: Sendable, Equatable, Codable {
    public var state: ReviewState
    /// Why, in words.
    public var reason: String
    /// The pipeline's threshold; nil when it sets none.
    public var reviewAbove: Double?
    /// The fraction of pixels the run filled or invented (see ``inventedFraction(_:)``).
    public var inventedFraction: Double

    public init(steps: [AppliedStep], reviewAbove: Double?) {
        let invented = Self.inventedFraction(steps)
        let measured = "fills or invents \(Self.percent(invented)) of the pixels"
        self.inventedFraction = invented
        self.reviewAbove = reviewAbove
        if let reviewAbove {
            state = invented > reviewAbove ? .proposed : .notRequired
            reason = measured + (invented > reviewAbove ? ", more than" : ", at most") + " review-above \(Self.percent(reviewAbove))"
        } else if steps.contains(where: { step in
            // the same test as the run's AI-altered flag: a detector decides what a classical fill replaces
            if case .trainedModel = step.method { true } else { false }
        }) {
            state = .proposed
            reason = measured + "; a trained model took part and the pipeline sets no review-above"
        } else {
            state = .notRequired
            reason = measured + "; no trained model took part and the pipeline sets no review-above"
        }
    }

    /// The share of pixels changed by steps that put content into the picture (a composite disclosure:
    /// inpainting, classical or trained, and colorization), summed over those steps and capped at 1. A sum
    /// can count a pixel twice; it never counts too few, which is the safe side for a review threshold.
    /// Enhancement (color restoration, sharpening) changes pixels without inventing content and is not counted.
    public static func inventedFraction(_ steps: [AppliedStep]) -> Double {
        min(1, steps.filter { $0.altersPixels && $0.disclosure.invents }.reduce(0) { $0 + $1.fractionChanged })
    }

    private static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
}
