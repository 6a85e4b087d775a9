import Catalog
import Hummingbird

/// Lets a request through only for a signed-in user with at least `role`: 401 without a session, 403 for
/// a role below it.
struct RequireRole: RouterMiddleware {
    let role: User.Role

    func handle(_ request: Request, context: WebContext,
                next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard let user = context.identity else {
            throw HTTPError(.unauthorized, message: "Sign in to see this page.")
        }
        guard user.role >= role else {
            throw HTTPError(.forbidden, message: "This needs the \(role.rawValue) role; \(user.name) is a \(user.role.rawValue).")
        }
        return try await next(request, context)
    }
}
