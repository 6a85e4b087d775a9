import Catalog
import Hummingbird

/// `POST /runs/{id}/approve` and `POST /runs/{id}/reject` (with a `reason`), for curators. Each decision is
/// one catalog transaction (``Catalog/decide(run:state:reason:person:at:)``); a second click of the same
/// button changes nothing and lands on the same page. A run that does not await review is a 409.
struct ReviewRoutes: Sendable {
    let catalog: Catalog

    func add(to router: RouterGroup<WebContext>) {
        router.post("runs/:id/approve") { request, context in
            try await decide(request, context, .approved)
        }
        router.post("runs/:id/reject") { request, context in
            try await decide(request, context, .rejected)
        }
    }

    private func decide(_ request: Request, _ context: WebContext, _ state: ReviewState) async throws -> Response {
        let id = try CatalogID(context)
        guard let person = context.identity?.name else { throw HTTPError(.unauthorized) }
        var request = request
        let reason = FormFields(try await request.collectBody(upTo: CSRFProtection.maxFormBytes))["reason"]?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if state == .rejected && (reason ?? "").isEmpty {
            throw HTTPError(.badRequest, message: "A rejection needs a reason.")
        }
        let outcome: Catalog.DecisionOutcome
        do {
            outcome = try id.lookUp { try catalog.decide(run: $0, state: state, reason: reason, person: person) }
        } catch let error as CatalogError {
            guard case .notAwaitingReview = error else { throw error }
            throw HTTPError(.conflict, message: error.description)
        }
        if case .recorded = outcome {
            context.logger.notice("review decision", metadata: ["run": "\(id.value)", "state": "\(state.rawValue)",
                                                                 "person": "\(person)"])
        }
        return Response(status: .seeOther, headers: [.location: "/runs/\(id.value)"])
    }
}
