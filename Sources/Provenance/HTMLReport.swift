import Metadata
import Catalog
import Disclosure
import Foundation

/// `index.html` of an export: one self-contained page (inline CSS, images as `data:` URIs, no script, no
/// network) that tells a curator, in plain words and side-by-side pictures, what was done to each image.
///
/// One card per derivative (per run); originals without a run only count in the summary. Every string
/// from the catalog is HTML-escaped, and the page depends only on the inputs (no clock, no dictionary
/// order), so the same export always produces the same bytes.
public struct HTMLReport {
    private let title: String
    private let generatedAt: String
    private let histories: [ImageHistory]
    private let thumbnails: [Int64: Thumbnail]
    private let maskOverlays: [Int64: Thumbnail]
    private let derivativeFiles: [Int64: DerivativeFiles]

    /// Where a derivative's files are in the export folder, to link to.
    public struct DerivativeFiles: Sendable, Equatable {
        /// The derivative itself (often a TIFF master, which browsers do not show).
        public var derivative: String
        /// Its JPEG access copy, which every browser shows; `nil` when the run made none.
        public var accessCopy: String?

        public init(derivative: String, accessCopy: String? = nil) {
            self.derivative = derivative
            self.accessCopy = accessCopy
        }
    }

    /// - Parameters:
    ///   - generatedAt: shown as given; the caller's clock, so that the report itself stays deterministic.
    ///   - thumbnails: by catalog object id, for originals and derivatives; a missing one shows a placeholder.
    ///   - maskOverlays: by mask object id (``Thumbnail/maskOverlay(atPath:maxSide:)``).
    ///   - derivativeFiles: by derivative object id, its files' paths relative to the report, to link to.
    public init(title: String, generatedAt: String, histories: [ImageHistory], thumbnails: [Int64: Thumbnail],
                maskOverlays: [Int64: Thumbnail], derivativeFiles: [Int64: DerivativeFiles]) {
        self.title = title
        self.generatedAt = generatedAt
        self.histories = histories
        self.thumbnails = thumbnails
        self.maskOverlays = maskOverlays
        self.derivativeFiles = derivativeFiles
    }

    /// The whole page.
    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(XMLText.escaped(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>

            """
        page += summary
        for history in histories {
            for run in history.runs { page += card(run, of: history) }
        }
        page += "</body>\n</html>\n"
        return page
    }

    // MARK: Summary

    private var summary: String {
        let runs = histories.flatMap(\.runs)
        var disclosures: [String: Int] = [:]
        var models: [String: Int] = [:]
        for run in runs {
            disclosures[run.run.digitalSourceType, default: 0] += 1
            for model in run.models { models[nameAndVersion(model), default: 0] += 1 }
        }
        var html = """
            <header>
            <h1>\(XMLText.escaped(title))</h1>
            <p class="generated">Generated \(XMLText.escaped(generatedAt))</p>
            <dl class="summary">
            <dt>Originals</dt><dd>\(histories.count) (\(histories.filter { $0.runs.isEmpty }.count) without a derivative)</dd>
            <dt>Derivatives</dt><dd>\(runs.count)</dd>
            <dt>AI-altered derivatives</dt><dd>\(runs.filter(\.run.aiAltered).count)</dd>
            <dt>Published derivatives (approved, or needing no review)</dt><dd>\(runs.filter(\.isPublished).count)</dd>
            <dt>Derivatives by disclosure (IPTC digital source type)</dt><dd>\(counted(disclosures))</dd>
            <dt>Trained models used (derivatives)</dt><dd>\(counted(models))</dd>
            </dl>
            </header>

            """
        html += "<p class=\"note\">Each card below is one derivative: the original before, the derivative after, "
            + "every step applied, and what must be disclosed about it.</p>\n"
        return html
    }

    /// `key: count` pairs sorted by key, or "none".
    private func counted(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "none" }
        return "<ul>" + counts.sorted { $0.key < $1.key }
            .map { "<li><code>\(XMLText.escaped($0.key))</code>: \($0.value)</li>" }.joined() + "</ul>"
    }

    // MARK: Cards

    private func card(_ run: RunHistory, of history: ImageHistory) -> String {
        let original = history.original
        let derivative = run.derivative
        let derivativeID = derivative.object.id ?? 0
        return """
            <article class="card" id="derivative-\(derivativeID)">
            <h2>Derivative \(derivativeID) of original \(original.object.id ?? 0)</h2>
            <p class="badge \(run.run.aiAltered ? "ai" : "classical")">\(run.run.aiAltered ? "AI-altered" : "No trained model")</p>
            <dl class="identity">
            <dt>Original</dt><dd>\(objectLine(original))</dd>
            <dt>Derivative</dt><dd>\(derivativeLink(derivativeID))\(objectLine(derivative))</dd>
            <dt>Pipeline</dt><dd>\(XMLText.escaped(run.pipeline.name))@\(XMLText.escaped(run.pipeline.version)) \(sha(run.run.pipelineSha256))</dd>
            <dt>Software</dt><dd>\(XMLText.escaped(run.software.name)) \(XMLText.escaped(run.software.version)) \(sha(run.software.identifier))</dd>
            <dt>Run</dt><dd>\(XMLText.escaped(run.run.startedAt)) to \(XMLText.escaped(run.run.endedAt))</dd>
            </dl>
            <div class="views">
            \(views(run, of: history))
            </div>
            \(stepTable(run))
            \(disclosure(run))
            </article>

            """
    }

    /// The object's paths and its short SHA-256.
    private func objectLine(_ object: ObjectDetails) -> String {
        let paths = object.paths.map { "<code class=\"path\">\(XMLText.escaped($0.path))</code>" }.joined(separator: "<br>")
        return "\(paths)<br>SHA-256 \(sha(object.object.sha256 ?? ""))"
    }

    /// The access copy to view, when there is one, and the derivative's own file to download.
    private func derivativeLink(_ id: Int64) -> String {
        guard let files = derivativeFiles[id] else { return "" }
        let view = files.accessCopy.map { "\(link($0, "view")) (JPEG access copy) · " } ?? ""
        return view + link(files.derivative, "file") + "<br>"
    }

    private func link(_ file: String, _ kind: String) -> String {
        let href = file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file
        return "<a class=\"\(kind)\" href=\"\(XMLText.escaped(href))\">\(XMLText.escaped(file))</a>"
    }

    /// A hash or commit, cut to 12 characters to keep cards readable; the full value is the tooltip.
    private func sha(_ hex: String) -> String {
        guard !hex.isEmpty else { return "<span class=\"missing\">none</span>" }
        let short = hex.count > 12 ? String(hex.prefix(12)) + "…" : hex
        return "<code class=\"sha\" title=\"\(XMLText.escaped(hex))\">\(XMLText.escaped(short))</code>"
    }

    /// Before, after, and for each step that wrote a mask, the original with the mask laid over it.
    private func views(_ run: RunHistory, of history: ImageHistory) -> String {
        let originalID = history.original.object.id ?? 0
        var figures = [
            figure(image(thumbnails[originalID], alt: "Original \(originalID)"), caption: "Before: original"),
            figure(image(thumbnails[run.derivative.object.id ?? 0], alt: "Derivative \(run.derivative.object.id ?? 0)"),
                   caption: "After: derivative"),
        ]
        for step in run.steps {
            guard let mask = step.mask else { continue }
            let overlay = maskOverlays[mask.object.id ?? 0].map { "<img class=\"mask\" src=\"\($0.dataURI)\" alt=\"\">" } ?? ""
            figures.append(figure(
                "<div class=\"overlay\">\(image(thumbnails[originalID], alt: "Original \(originalID)"))\(overlay)</div>",
                caption: "Mask of step \(step.step.position + 1) (\(XMLText.escaped(step.step.stage))): red marks the pixels it selected"))
        }
        return figures.joined(separator: "\n")
    }

    private func figure(_ content: String, caption: String) -> String {
        "<figure>\(content)<figcaption>\(caption)</figcaption></figure>"
    }

    private func image(_ thumbnail: Thumbnail?, alt: String) -> String {
        guard let thumbnail else { return "<div class=\"missing placeholder\">no preview</div>" }
        return "<img src=\"\(thumbnail.dataURI)\" width=\"\(thumbnail.width)\" height=\"\(thumbnail.height)\" "
            + "alt=\"\(XMLText.escaped(alt))\">"
    }

    private func stepTable(_ run: RunHistory) -> String {
        let rows = run.steps.map { history in
            let step = history.step
            let algorithm = history.model.map { "\(nameAndVersion($0)) \(sha($0.identifier))" } ?? XMLText.escaped(step.algorithm)
            return "<tr><td>\(step.position + 1)</td><td>\(XMLText.escaped(step.stage))</td><td>\(XMLText.escaped(step.method))</td>"
                + "<td>\(algorithm)</td><td><code>\(XMLText.escaped(step.parameters))</code></td>"
                + "<td class=\"number\">\(String(format: "%.1f", step.fractionChanged * 100))%</td>"
                + "<td><code>\(XMLText.escaped(step.digitalSourceType))</code></td></tr>"
        }
        return """
            <table class="steps">
            <thead><tr><th>Step</th><th>Stage</th><th>Method</th><th>Algorithm or model</th><th>Parameters</th>\
            <th>Pixels changed</th><th>Disclosure</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            """
    }

    // MARK: Disclosure

    /// What a viewer of the derivative must be told (``RunDisclosure``), the IPTC term set as code.
    private func disclosure(_ run: RunHistory) -> String {
        let disclosure = RunDisclosure(run)
        let statement = disclosure.statement.map { fragment in
            switch fragment {
            // an apostrophe needs no escaping in element content, and reads better in the source
            case let .text(text): XMLText.escaped(text).replacingOccurrences(of: "&apos;", with: "'")
            case let .term(term): "<code>\(XMLText.escaped(term))</code>"
            }
        }.joined()
        var html = "<p class=\"disclosure\">\(statement)</p>"
        if disclosure.colorized {
            // a constant without markup characters: as it is
            html += "\n<p class=\"disclosure colorized\">\(RunDisclosure.colorizedNotice)</p>"
        }
        return html
    }

    private func nameAndVersion(_ agent: Agent) -> String {
        XMLText.escaped(agent.version.isEmpty ? agent.name : "\(agent.name)@\(agent.version)")
    }

    // MARK: Escaping and style


    private static let style = """

        body { font: 15px/1.45 Georgia, "Times New Roman", serif; color: #1d1d1d; background: #fff;
               max-width: 1100px; margin: 0 auto; padding: 1.5em; }
        h1 { font-size: 1.7em; margin: 0 0 .2em; }
        h2 { font-size: 1.2em; margin: 0 0 .4em; }
        code { font: .85em/1.3 Menlo, Consolas, monospace; word-break: break-all; }
        .generated, .note { color: #555; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: .5em 0; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        dd ul { margin: 0; padding-left: 1.2em; }
        .card { border: 1px solid #bbb; border-radius: 6px; padding: 1em 1.2em; margin: 1.5em 0;
                break-inside: avoid; page-break-inside: avoid; }
        .badge { display: inline-block; padding: .1em .6em; border-radius: 1em; font-size: .85em; margin: 0 0 .5em; }
        .badge.ai { background: #fde2e1; color: #8a1c14; }
        .badge.classical { background: #e3f1e3; color: #1e5a24; }
        .views { display: flex; flex-wrap: wrap; gap: 1em; margin: 1em 0; }
        figure { margin: 0; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid #ccc; }
        figcaption { font-size: .85em; color: #444; max-width: 20em; }
        .overlay { position: relative; display: inline-block; }
        .overlay img.mask { position: absolute; left: 0; top: 0; width: 100%; height: 100%; border-color: transparent; }
        .placeholder { width: 10em; height: 6em; border: 1px dashed #999; display: flex; align-items: center;
                       justify-content: center; }
        .missing { color: #777; }
        table { border-collapse: collapse; width: 100%; font-size: .9em; }
        th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        .number { text-align: right; white-space: nowrap; }
        .disclosure { border-left: 4px solid #888; padding: .3em .8em; background: #f7f7f7; }
        .disclosure.colorized { border-color: #b5651d; background: #fff4e5; font-weight: bold; }
        @media print {
            body { max-width: none; padding: 0; font-size: 11pt; }
            .card { border-color: #888; }
            .badge, .disclosure, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
