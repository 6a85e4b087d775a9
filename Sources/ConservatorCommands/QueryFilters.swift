import ArgumentParser
import Catalog
import Foundation
import Restoration

/// The curator filters `query` and `export` share; every one given must hold (AND).
struct QueryFilters: ParsableArguments {
    @Flag(help: "Only originals with an AI-altered derivative (made with at least one trained model).")
    var aiAltered = false

    @Flag(help: "Only originals without any AI-altered derivative (never restored, or only by classical methods).")
    var notAiAltered = false

    @Option(help: ArgumentHelp("A step of this stage was applied (detect-damage, inpaint, restore-color, colorize, denoise, upscale, sharpen).",
                               valueName: "name"))
    var stage: String?

    @Option(help: ArgumentHelp("A step used this model (any version, or exactly NAME@VERSION): a model recall.",
                               valueName: "name[@version]"))
    var model: String?

    @Option(help: ArgumentHelp("The derivative discloses this IPTC Digital Source Type (term or full URI), e.g. "
                               + "compositeWithTrainedAlgorithmicMedia.", valueName: "term"))
    var digitalSourceType: String?

    @Option(help: ArgumentHelp("Made by this pipeline (any version, or NAME@VERSION).", valueName: "name[@version]"))
    var pipeline: String?

    @Option(help: ArgumentHelp("A step changed more than this fraction of the pixels (0 to 1; with --stage or "
                               + "--model, that same step).", valueName: "fraction"))
    var changedMoreThan: Double?

    @Flag(help: ArgumentHelp("A run awaits a curator's review: it filled or invented more of the picture than its "
                             + "pipeline's review-above (review state 'proposed')."))
    var needsReview = false

    @Option(help: ArgumentHelp("Originals recorded at or after this time (YYYY-MM-DD or ISO 8601, UTC).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Originals recorded before this time; a plain date includes that whole day.",
                               valueName: "date"))
    var until: String?

    @Option(help: ArgumentHelp("Originals seen at a path inside this folder.", valueName: "path"))
    var folder: String?

    @Option(help: ArgumentHelp("Only this file format: tiff, png or jpeg.", valueName: "format"))
    var fileFormat: String?

    @Option(help: ArgumentHelp("A metadata tag with exactly this value; repeat to require several.",
                               valueName: "group:name=value"))
    var tag: [String] = []

    @Option(help: ArgumentHelp("Runs in this review state: proposed (awaits a curator), approved, rejected, "
                               + "superseded (a curator's corrected run replaced it), not-required.", valueName: "state"))
    var reviewState: String?

    func validate() throws {
        if aiAltered && notAiAltered { throw ValidationError("--ai-altered and --not-ai-altered exclude each other") }
        if needsReview, let reviewState, reviewState != ReviewState.proposed.rawValue {
            throw ValidationError("--needs-review means --review-state proposed (got --review-state \(reviewState))")
        }
        // A mistyped stage would select nothing, which reads like a clean answer.
        if let stage, StageRegistry.stage(named: stage) == nil {
            throw ValidationError("--stage must be one of \(StageRegistry.names.joined(separator: ", ")) (got '\(stage)')")
        }
        do {
            _ = try terms().query()
        } catch {
            throw ValidationError("--\(error.description)")
        }
    }

    /// The options as the terms the catalog checks (the same the web search form gives); `quarantined` selects
    /// quarantined files instead of accepted originals (`query --quarantined`).
    func terms(quarantined: Bool = false) -> QueryTerms {
        QueryTerms(aiAltered: aiAltered ? true : notAiAltered ? false : nil, stage: stage, model: model,
                   digitalSourceType: digitalSourceType, pipeline: pipeline, changedMoreThan: changedMoreThan,
                   reviewState: needsReview ? ReviewState.proposed.rawValue : reviewState, since: since, until: until,
                   folder: folder, fileFormat: fileFormat, tags: tag, quarantined: quarantined)
    }

    /// The catalog query these options describe (``validate()`` has refused any mistake).
    func query(quarantined: Bool = false) throws -> OriginalQuery {
        try terms(quarantined: quarantined).query()
    }
}
