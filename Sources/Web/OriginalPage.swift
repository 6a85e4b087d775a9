import Catalog
import Hummingbird

/// `GET /originals/{id}`: an original's file facts, its metadata grouped as ExifTool groups it, its PREMIS
/// events, and every run made from it.
struct OriginalPage: Sendable {
    let catalog: Catalog
    let pages: Pages

    func add(to router: RouterGroup<WebContext>) {
        router.get("originals/:id") { _, context in try render(try CatalogID(context), context) }
    }

    private func render(_ id: CatalogID, _ context: WebContext) throws -> Response {
        struct Tag { var name: String; var value: String }
        struct Group { var name: String; var tags: [Tag] }
        struct RunRow { var id: Int64; var pipeline: String; var endedAt: String; var aiAltered: Bool; var disclosure: String; var reviewState: String }
        struct Model {
            var frame: Frame
            var id: Int64
            var path: String
            var sha256: String
            var facts: [Tag]
            var quarantineReason: String?
            var groups: [Group]
            var events: [EventText.Row]
            var runs: [RunRow]
            var canPreview: Bool
        }
        let history = try id.lookUp { try catalog.history(of: $0) }
        let original = history.original
        // a derivative's or mask's id gives its original's history: show the page under the original's id
        guard original.object.id == id.value else {
            return Response(status: .seeOther, headers: [.location: "/originals/\(original.object.id ?? 0)"])
        }
        var groups: [Group] = []
        for entry in original.metadata {
            if groups.last?.name != entry.tagGroup { groups.append(Group(name: entry.tagGroup, tags: [])) }
            groups[groups.count - 1].tags.append(Tag(name: entry.name, value: entry.value))
        }
        let object = original.object
        let facts: [(String, String?)] = [
            ("Format", object.format), ("Size", object.size.map { "\($0) bytes" }),
            ("Dimensions", object.width.flatMap { w in object.height.map { "\(w) × \($0)" } }),
            ("Bit depth", object.bitDepth.map(String.init)), ("Color model", object.colorModel),
            ("ICC profile", object.iccDescription), ("Recorded", object.createdAt), ("Status", object.status.rawValue),
        ]
        let model = Model(
            frame: Frame(title: "Original \(id.value)", context: context), id: id.value,
            path: original.paths.last?.path ?? "", sha256: object.sha256 ?? "—",
            facts: facts.compactMap { name, value in value.map { Tag(name: name, value: $0) } },
            quarantineReason: object.quarantineReason, groups: groups,
            events: original.events.map(EventText.row),
            runs: history.runs.map { entry in
                RunRow(id: entry.run.id ?? 0, pipeline: "\(entry.run.pipelineName)@\(entry.run.pipelineVersion)",
                       endedAt: entry.run.endedAt, aiAltered: entry.run.aiAltered,
                       disclosure: entry.run.digitalSourceType, reviewState: entry.reviewState ?? "not recorded")
            },
            canPreview: object.status == .accepted)
        return pages.render("original", model)
    }
}

/// An event as the pages list it.
enum EventText {
    struct Row { var type: String; var outcome: String; var detail: String; var occurredAt: String; var agents: String }

    static func row(_ entry: EventWithAgents) -> Row {
        Row(type: entry.event.type.label, outcome: entry.event.outcome.rawValue, detail: entry.event.detail,
            occurredAt: entry.event.occurredAt,
            agents: entry.agents.map { agent in
                let version = agent.agent.version.isEmpty ? "" : "@\(agent.agent.version)"
                return "\(agent.agent.name)\(version) (\(agent.role))"
            }.joined(separator: ", "))
    }
}

/// The numeric id in a route's `{id}`: anything else (a path, `..`, an encoded slash) is a 404, and so
/// is an id the catalog does not hold.
struct CatalogID: Sendable {
    let value: Int64

    init(_ context: WebContext, parameter: String = "id") throws {
        guard let text = context.parameters.get(parameter), let value = Int64(text), value > 0 else {
            throw HTTPError(.notFound, message: "The catalog holds nothing by that id.")
        }
        self.value = value
    }

    /// `body(value)`, with the catalog's not-found answer made a 404.
    func lookUp<T>(_ body: (Int64) throws -> T) throws -> T {
        do {
            return try body(value)
        } catch CatalogError.notFound {
            throw HTTPError(.notFound, message: "The catalog holds nothing by id \(value).")
        }
    }
}
