import ArgumentParser
import Catalog
import Disclosure
import Foundation
import Restoration

/// The curator filters `query` and `export` share; every one given must hold (AND).
struct QueryFilters: ParsableArguments {
    @Flag(help: "Only originals with an AI-altered derivative (made with at least one trained model).")
    var aiAltered = false

    @Flag(help: "Only originals without any AI-altered derivative (never restored, or only by classical methods).")
    var notAiAltered = false

    @Option(help: ArgumentHelp("A step of this stage was applied (detect-damage, inpaint, restore-color, colorize, sharpen).",
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

    @Flag(help: "Quarantined files (with their reasons) instead of accepted originals.")
    var quarantined = false

    func validate() throws {
        if aiAltered && notAiAltered { throw ValidationError("--ai-altered and --not-ai-altered exclude each other") }
        // A mistyped stage would select nothing, which reads like a clean answer.
        if let stage, StageRegistry.stage(named: stage) == nil {
            throw ValidationError("--stage must be one of \(StageRegistry.names.joined(separator: ", ")) (got '\(stage)')")
        }
        if let fileFormat, !["tiff", "png", "jpeg"].contains(fileFormat.lowercased()) {
            throw ValidationError("--file-format must be tiff, png or jpeg (got '\(fileFormat)')")
        }
        for (option, value) in [("--since", since), ("--until", until)] {
            if let value, Timestamp.parse(value) == nil {
                throw ValidationError("\(option) must be a date like 2026-11-25 or 2026-11-25T08:00:00Z (got '\(value)')")
            }
        }
        for (option, value) in [("--model", model), ("--pipeline", pipeline)] {
            if let value, NameAndVersion(parsing: value) == nil {
                throw ValidationError("\(option) must be NAME or NAME@VERSION, e.g. inpaint-unet@1 (got '\(value)')")
            }
        }
        if let changedMoreThan, !(0...1).contains(changedMoreThan) {
            throw ValidationError("--changed-more-than must be a fraction from 0 to 1 (got \(changedMoreThan))")
        }
        for condition in tag where TagCondition(parsing: condition) == nil {
            throw ValidationError("--tag must look like GROUP:NAME=VALUE, e.g. IFD0:Make=Nikon (got '\(condition)')")
        }
    }

    /// The catalog query these options describe.
    var query: OriginalQuery {
        OriginalQuery(
            format: fileFormat?.lowercased(),
            since: since.flatMap(Timestamp.parse).map(Timestamp.format),
            until: until.flatMap(Self.untilBound),
            folder: folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            tags: tag.compactMap(TagCondition.init(parsing:)),
            status: quarantined ? .quarantined : .accepted,
            runs: RunFilter(
                aiAltered: aiAltered ? true : notAiAltered ? false : nil, stage: stage,
                model: model.flatMap(NameAndVersion.init(parsing:)),
                digitalSourceType: digitalSourceType.map { $0.replacingOccurrences(of: DigitalSourceType.vocabulary, with: "") },
                pipeline: pipeline.flatMap(NameAndVersion.init(parsing:)), changedMoreThan: changedMoreThan,
                reviewState: needsReview ? .proposed : nil))
    }

    /// The exclusive upper bound: a plain date means the end of that day.
    private static func untilBound(_ text: String) -> String? {
        guard let date = Timestamp.parse(text) else { return nil }
        let plainDate = text.count == 10
        return Timestamp.format(plainDate ? date.addingTimeInterval(86_400) : date)
    }
}
