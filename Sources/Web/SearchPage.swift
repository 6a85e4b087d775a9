import Catalog
import Hummingbird

/// `GET /search`: every filter of `conservator query`, checked by the same ``QueryTerms`` and answered by
/// the same catalog query, so the page lists exactly what the CLI prints; paginated, with thumbnails.
struct SearchPage: Sendable {
    let catalog: Catalog
    let pages: Pages
    static let pageSize = 50

    func add(to router: RouterGroup<WebContext>) {
        router.get("search") { request, context in try render(request, context) }
    }

    /// The query terms of a search form (or an export link carrying the same fields).
    static func terms(_ fields: FormFields) throws(QueryTerms.Mistake) -> QueryTerms {
        var changed: Double?
        if let text = fields["changed-more-than"] {
            guard let value = Double(text) else {
                throw QueryTerms.Mistake(term: "changed-more-than", problem: "must be a number from 0 to 1 (got '\(text)')")
            }
            changed = value
        }
        let altered = fields["ai-altered"]
        return QueryTerms(
            aiAltered: altered == "yes" ? true : altered == "no" ? false : nil,
            stage: fields["stage"], model: fields["model"], digitalSourceType: fields["digital-source-type"],
            pipeline: fields["pipeline"], changedMoreThan: changed, reviewState: fields["review-state"],
            since: fields["since"], until: fields["until"], folder: fields["folder"], fileFormat: fields["file-format"],
            tags: fields.all("tag"), quarantined: fields["quarantined"] == "yes")
    }

    private func render(_ request: Request, _ context: WebContext) throws -> Response {
        struct Row { var id: Int64; var path: String; var format: String; var runs: Int; var aiAltered: Bool; var models: String; var pipelines: String; var reason: String? }
        struct Option { var value: String; var label: String; var selected: Bool }
        struct Fields {
            var stage, model, digitalSourceType, pipeline, changedMoreThan, since, until, folder: String
        }
        struct Model {
            var frame: Frame
            var query: String
            var mistake: String?
            var total: Int
            var page: Int
            var pages: Int
            var previous: String?
            var next: String?
            var rows: [Row]
            var fields: Fields
            var aiAltered: [Option]
            var reviewStates: [Option]
            var formats: [Option]
            var quarantined: Bool
            var tags: [String]
        }
        let fields = FormFields(request.uri.query ?? "")
        var mistake: String?
        var total = 0
        var shown: [OriginalRow] = []
        var page = 1, pageCount = 1
        do {
            let query = try Self.terms(fields).query()
            // the count first, then only the page's rows with their summaries: 100,000 originals stay fast
            total = try catalog.count(matching: query)
            pageCount = max(1, (total + Self.pageSize - 1) / Self.pageSize)
            // a page past the end (a bookmark after the answer shrank) shows the last one
            page = min(max(1, Int(fields["page"] ?? "1") ?? 1), pageCount)
            shown = try catalog.originals(matching: query, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        } catch let error as QueryTerms.Mistake {
            mistake = error.description
        }
        // the query string without its page, for the previous/next and export links
        let query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") }.joined(separator: "&")
        func link(_ target: Int) -> String? {
            (1...pageCount).contains(target) && target != page ? "/search?\(query)&page=\(target)" : nil
        }
        func options(_ values: [(String, String)], _ current: String?) -> [Option] {
            values.map { Option(value: $0.0, label: $0.1, selected: $0.0 == (current ?? "")) }
        }
        let model = Model(
            frame: Frame(title: "Search", context: context), query: query, mistake: mistake, total: total,
            page: page, pages: pageCount, previous: link(page - 1), next: link(page + 1),
            rows: shown.map { row in
                Row(id: row.object.id ?? 0, path: row.paths.last ?? "", format: row.object.format ?? "", runs: row.runCount,
                    aiAltered: row.aiAltered, models: row.models.joined(separator: ", "),
                    pipelines: row.pipelines.joined(separator: ", "), reason: row.object.quarantineReason)
            },
            fields: Fields(stage: fields["stage"] ?? "", model: fields["model"] ?? "",
                           digitalSourceType: fields["digital-source-type"] ?? "", pipeline: fields["pipeline"] ?? "",
                           changedMoreThan: fields["changed-more-than"] ?? "", since: fields["since"] ?? "",
                           until: fields["until"] ?? "", folder: fields["folder"] ?? ""),
            aiAltered: options([("", "either"), ("yes", "AI-altered"), ("no", "not AI-altered")], fields["ai-altered"]),
            reviewStates: options([("", "any")] + ReviewState.allCases.map { ($0.rawValue, $0.rawValue) },
                                  fields["review-state"]),
            formats: options([("", "any"), ("tiff", "TIFF"), ("png", "PNG"), ("jpeg", "JPEG")], fields["file-format"]),
            quarantined: fields["quarantined"] == "yes", tags: fields.all("tag") + [""])
        return pages.render("search", model, status: mistake == nil ? .ok : .badRequest)
    }
}
