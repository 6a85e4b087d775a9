import ArgumentParser
import Catalog
import Disclosure
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the whole chain for one image: the original, every run and step, models, masks, events.",
        discussion: """
            The reference may name the original or any derivative or mask made from it. Exits 66 when nothing
            matches. Example:
              conservator history /scans/box12/0042.tif
              conservator history 3f2a9c01 --json
            """)

    @OptionGroup var options: CatalogOptions
    @OptionGroup var object: ObjectReference

    func run() throws {
        let catalog = try options.open()
        let id = try object.id(in: catalog)
        let history = try ExitStatus.guarding { try catalog.history(of: id) }
        if object.json {
            try JSONOutput.print(HistoryReport(history))
        } else {
            Console.print(Self.render(history))
        }
    }

    /// The run's review state now, why it was recorded so, each curator's decision, and the corrections
    /// it is or that replaced it.
    private static func review(_ entry: RunHistory) -> String {
        let run = entry.run
        // after a decision, the recorded reason belongs to the recorded state, not to the current one
        let reason = run.reviewReason.map {
            entry.decisions.isEmpty && entry.supersededBy == nil ? " (\($0))" : " (recorded \(run.reviewState ?? "-"): \($0))"
        }
        let supersedes = entry.supersedes.map { "\n    supersedes run \($0.supersededRunId): \(correction($0))" }
        let supersededBy = entry.supersededBy.map { "\n    superseded by run \($0.runId): \(correction($0))" }
        return (entry.reviewState ?? "not recorded") + (reason ?? "") + (supersedes ?? "") + entry.decisions.map { decision in
            "\n    \(decision.state.rawValue) by \(decision.person) at \(decision.decidedAt)"
                + (decision.reason.map { ": \($0)" } ?? "")
        }.joined() + (supersededBy ?? "")
    }

    private static func correction(_ supersession: RunSupersession) -> String {
        "mask corrected by \(supersession.person) at \(supersession.supersededAt): \(supersession.reason)"
    }

    static func render(_ history: ImageHistory) -> String {
        var lines = ["ORIGINAL", ObjectText.render(history.original)]
        if history.runs.isEmpty { lines.append("\nno runs: nothing was made from this original") }
        for (index, entry) in history.runs.enumerated() {
            let run = entry.run
            lines.append("""

                RUN \(index + 1) of \(history.runs.count) (run \(run.id ?? 0)): pipeline \(run.pipelineName) \(run.pipelineVersion) \
                (sha256 \(run.pipelineSha256)), by \(entry.software.name) \(entry.software.version) \
                \(entry.software.identifier.isEmpty ? "" : "(\(entry.software.identifier))")
                  \(run.startedAt) → \(run.endedAt)
                  \(run.aiAltered ? "AI-altered" : "not AI-altered"), discloses \(run.digitalSourceType)
                  review: \(review(entry))
                  derivative: \(run.derivativePath)
                    sha256 \(entry.derivative.object.sha256 ?? "-")
                  sidecar:    \(run.sidecarPath)
                    sha256 \(run.sidecarSha256)
                  steps:
                """)
            for item in entry.steps {
                let step = item.step
                let model = item.model.map { " model \($0.name)@\($0.version) sha256 \($0.identifier)" } ?? ""
                lines.append("    \(step.position). \(step.stage) v\(step.stageVersion): \(step.method) \(step.algorithm)\(model)")
                lines.append("       changed \(String(format: "%.4f", step.fractionChanged)) of pixels in "
                             + "\(String(format: "%.2f", step.durationSeconds)) s, discloses \(step.digitalSourceType)")
                lines.append("       parameters \(step.parameters)")
                if let regions = step.recordedRegions { lines += RegionText.render(regions, indent: "       ") }
                if let mask = item.mask {
                    lines.append("       mask \(mask.paths.first?.path ?? "-") sha256 \(mask.object.sha256 ?? "-")")
                }
            }
            lines.append("  derivative events:")
            lines += entry.derivative.events.map { "    \($0.event.occurredAt)  \($0.event.type.rawValue) "
                + "\($0.event.outcome.rawValue)  \($0.event.detail)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// The `--json` shape of a history.
private struct HistoryReport: Encodable {
    struct StepEntry: Encodable {
        var step: Step
        /// `step.regions` decoded, so a reader of the JSON gets objects rather than a string of JSON.
        var regions: RegionSummary?
        var model: Agent?
        var mask: ObjectReport?
    }
    struct RunEntry: Encodable {
        var run: Run
        /// The review state now (after curators' decisions).
        var reviewState: String?
        var decisions: [ReviewDecision]
        /// The correction this run is, and the one that replaced it.
        var supersedes: RunSupersession?
        var supersededBy: RunSupersession?
        var pipeline: Agent
        var software: Agent
        var derivative: ObjectReport
        var steps: [StepEntry]
    }
    var original: ObjectReport
    var runs: [RunEntry]

    init(_ history: ImageHistory) {
        original = ObjectReport(history.original)
        runs = history.runs.map { run in
            RunEntry(run: run.run, reviewState: run.reviewState, decisions: run.decisions, supersedes: run.supersedes,
                     supersededBy: run.supersededBy, pipeline: run.pipeline, software: run.software,
                     derivative: ObjectReport(run.derivative),
                     steps: run.steps.map { StepEntry(step: $0.step, regions: $0.step.recordedRegions, model: $0.model,
                                                      mask: $0.mask.map(ObjectReport.init)) })
        }
    }
}
