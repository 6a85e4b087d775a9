import Hummingbird

/// Refuses a form post that does not carry the CSRF token of the browser that loaded the form
/// (double-submit: the token is in an HttpOnly, SameSite=Strict cookie and in a hidden field `csrf`; a
/// page on another site can make the browser send the cookie but cannot read it to fill the field).
/// Every request gets the token in ``WebContext/csrfToken`` for the forms it renders; a browser without
/// one is given a fresh one.
struct CSRFProtection: RouterMiddleware {
    static let cookie = "conservator_csrf"
    static let field = "csrf"
    /// Forms are small; a bigger body is refused before it is read whole.
    static let maxFormBytes = 64 * 1024
    let secureCookies: Bool

    func handle(_ request: Request, context: WebContext,
                next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let existing = request.cookies[Self.cookie]?.value.filter { $0.isLetter || $0.isNumber }
        if request.method == .post {
            let form = FormFields(try await request.collectBody(upTo: Self.maxFormBytes))
            guard let existing, existing.count == 64, let sent = form[Self.field],
                  Self.constantTimeEqual(existing, sent) else {
                throw HTTPError(.forbidden, message: "The form is missing its security token or it does not match; "
                                + "reload the page and try again.")
            }
        }
        let token = existing.flatMap { $0.count == 64 ? $0 : nil } ?? Self.newToken()
        context.csrfToken = token
        var response = try await next(request, context)
        if token != existing {
            response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", secure: secureCookies,
                                      httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func newToken() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        return a.count == b.count && zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
