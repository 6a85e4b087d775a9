import Catalog
import Hummingbird
import Logging

/// `GET /sign-in` (the form), `POST /sign-in` (name and password: a session, or the form again) and
/// `POST /sign-out`. Attempts are throttled per name and logged with their outcome, never the password.
struct SignInRoutes: Sendable {
    let catalog: Catalog
    let pages: Pages
    let throttle: SignInThrottle
    let sessionLifetime: Duration

    func add(to router: Router<WebContext>) {
        router.get("sign-in") { _, context in
            form(context, message: nil, status: .ok)
        }
        router.post("sign-in") { request, context in
            try await signIn(request, context)
        }
        router.post("sign-out") { _, context in
            if let user = context.identity { context.logger.notice("signed out", metadata: ["user": "\(user.name)"]) }
            context.sessions.clearSession()
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = FormFields(try await request.collectBody(upTo: CSRFProtection.maxFormBytes))
        let name = form["name"] ?? ""
        let password = form["password"] ?? ""
        if let wait = await throttle.wait(for: name) {
            context.logger.warning("sign-in refused: too many failures", metadata: ["user": "\(name)"])
            var response = self.form(context, message: "Too many failed attempts for this name; try again later.",
                                     status: .tooManyRequests)
            response.headers[.retryAfter] = "\(max(1, wait.components.seconds))"
            return response
        }
        let user = try catalog.user(named: name)
        // An unknown name costs one hash too, so the time taken does not tell which names exist.
        let hash = user.flatMap { PasswordHash(stored: $0.passwordHash) } ?? PasswordHash.decoy
        let matches = try hash.verify(password)
        guard matches, let user else {
            await throttle.recordFailure(name)
            context.logger.warning("sign-in failed", metadata: ["user": "\(name)"])
            return self.form(context, message: "That name and password do not match.", status: .unauthorized)
        }
        await throttle.recordSuccess(name)
        context.sessions.createSession(WebSession(user: user.name), expiresIn: sessionLifetime)
        context.logger.notice("signed in", metadata: ["user": "\(user.name)", "role": "\(user.role.rawValue)"])
        return Response(status: .seeOther, headers: [.location: "/"])
    }

    private func form(_ context: WebContext, message: String?, status: HTTPResponse.Status) -> Response {
        struct Model {
            var frame: Frame
            var message: String?
        }
        return pages.render("sign-in", Model(frame: Frame(title: "Sign in", context: context), message: message),
                            status: status)
    }
}
