import Catalog
import Foundation
import Hummingbird
import Provenance
import Restoration

/// `GET /runs/{id}`: the original and the derivative side by side or under a slider, each step's mask as
/// an overlay to switch on and off, the step table, the disclosure, links to the sidecar, PREMIS and PROV
/// of this run, the corrections it is or that replaced it, and (for curators) the review actions and the
/// mask editor (`static/mask-editor.js`, posting to ``CorrectionRoute``). `GET /runs/{id}/premis.xml` and `/prov.json` are
/// this run's documents, made by the same code as `conservator export`.
struct RunPage: Sendable {
    let catalog: Catalog
    let pages: Pages

    func add(to router: RouterGroup<WebContext>) {
        router.get("runs/:id") { _, context in try render(try CatalogID(context), context) }
        router.get("runs/:id/premis.xml") { _, context in
            let history = try runOnly(try CatalogID(context))
            return Self.download(Array(PREMISDocument(histories: [history], exportedAt: Timestamp.now()).xml.utf8),
                                 type: "application/xml", name: "run-\(history.runs[0].run.id ?? 0)-premis.xml")
        }
        router.get("runs/:id/prov.json") { _, context in
            let history = try runOnly(try CatalogID(context))
            return Self.download(PROVDocument(histories: [history]).json, type: "application/json",
                                 name: "run-\(history.runs[0].run.id ?? 0)-prov.json")
        }
    }

    /// The original's history with only run `id` in it: what this run's PREMIS and PROV describe.
    private func runOnly(_ id: CatalogID) throws -> ImageHistory {
        let run = try id.lookUp { try catalog.runHistory($0) }
        return ImageHistory(original: try catalog.details(of: run.run.sourceObjectId), runs: [run])
    }

    static func download(_ bytes: [UInt8], type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The steps with a mask, each mask once: an inpaint step that fills a detector's mask records the
    /// same object, and one overlay (named after the step that made it) shows it.
    private static func distinctMasks<Row>(_ steps: [Row], mask: (Row) -> Int64?) -> [Row] {
        var seen = Set<Int64>()
        return steps.filter { row in mask(row).map { seen.insert($0).inserted } ?? false }
    }

    private func render(_ id: CatalogID, _ context: WebContext) throws -> Response {
        struct StepRow {
            var position: Int; var stage: String; var method: String; var algorithm: String
            var model: String?; var modelSHA256: String?; var parameters: String; var changed: String
            var regions: String; var mask: Int64?
        }
        struct Fragment { var text: String; var isTerm: Bool }
        struct Model {
            var frame: Frame
            var id: Int64
            var original: Int64
            var derivative: Int64
            var pipeline: String
            var pipelineSHA256: String
            var software: String
            var startedAt: String
            var endedAt: String
            var aiAltered: Bool
            var reviewState: String
            var disclosure: [Fragment]
            var colorized: Bool
            var colorizedNotice: String
            var steps: [StepRow]
            var masks: [StepRow]
            var derivativeSHA256: String
            var canReview: Bool
            var awaitsReview: Bool
            var decisions: [Decision]
            var supersedes: Correction?
            var supersededBy: Correction?
            /// The editor: for a curator, on a run that may be corrected, over steps whose own mask can be painted.
            var canCorrect: Bool
            var correctable: [StepRow]
            var width: Int
            var height: Int
        }
        struct Decision { var state: String; var person: String; var decidedAt: String; var reason: String? }
        struct Correction { var run: Int64; var person: String; var at: String; var reason: String }
        let entry = try id.lookUp { try catalog.runHistory($0) }
        let run = entry.run
        let original = try catalog.details(of: run.sourceObjectId).object
        let disclosure = RunDisclosure(entry)
        let steps = entry.steps.map { item in
            let step = item.step
            let regions = step.recordedRegions.map { "\($0.count) regions, \($0.area) pixels" } ?? "—"
            return StepRow(position: step.position, stage: step.stage, method: step.method, algorithm: step.algorithm,
                           model: item.model.map { "\($0.name)@\($0.version)" }, modelSHA256: item.model?.identifier,
                           parameters: step.parameters, changed: Percent.text(step.fractionChanged), regions: regions,
                           mask: item.mask?.object.id)
        }
        // a step whose stage makes a mask and changes no pixel (a detector): what a painted mask can replace
        let correctable = steps.filter { row in
            row.mask != nil && StageRegistry.stage(named: row.stage).map { !$0.descriptor.altersPixels } == true
        }
        let state = entry.reviewState.flatMap(ReviewState.init(rawValue:))
        let model = Model(
            frame: Frame(title: "Run \(id.value)", context: context), id: id.value, original: run.sourceObjectId,
            derivative: run.derivativeObjectId, pipeline: "\(run.pipelineName)@\(run.pipelineVersion)",
            pipelineSHA256: run.pipelineSha256,
            software: "\(entry.software.name) \(entry.software.version) \(entry.software.identifier)",
            startedAt: run.startedAt, endedAt: run.endedAt, aiAltered: run.aiAltered,
            reviewState: entry.reviewState ?? "not recorded",
            disclosure: disclosure.statement.map { fragment in
                switch fragment {
                case let .text(text): Fragment(text: text, isTerm: false)
                case let .term(term): Fragment(text: term, isTerm: true)
                }
            },
            colorized: disclosure.colorized, colorizedNotice: RunDisclosure.colorizedNotice,
            steps: steps, masks: Self.distinctMasks(steps, mask: \.mask),
            derivativeSHA256: entry.derivative.object.sha256 ?? "—",
            canReview: (context.identity?.role ?? .viewer) >= .curator,
            awaitsReview: entry.reviewState == ReviewState.proposed.rawValue,
            decisions: entry.decisions.map {
                Decision(state: $0.state.rawValue, person: $0.person, decidedAt: $0.decidedAt, reason: $0.reason)
            },
            supersedes: entry.supersedes.map {
                Correction(run: $0.supersededRunId, person: $0.person, at: $0.supersededAt, reason: $0.reason)
            },
            supersededBy: entry.supersededBy.map {
                Correction(run: $0.runId, person: $0.person, at: $0.supersededAt, reason: $0.reason)
            },
            canCorrect: (context.identity?.role ?? .viewer) >= .curator && state.map(ReviewState.correctable.contains) == true
                && !correctable.isEmpty && original.width != nil && original.height != nil,
            correctable: correctable, width: original.width ?? 0, height: original.height ?? 0)
        return pages.render("run", model)
    }
}
