import Hummingbird

/// Refuses a post that does not carry the CSRF token of the browser that loaded the page
/// (double-submit: the token is in an HttpOnly, SameSite=Strict cookie and in a hidden field `csrf`; a
/// page on another site can make the browser send the cookie but cannot read it to fill the field). A
/// post whose body is not a form (the mask editor's PNG) carries the token in the `X-CSRF-Token` header
/// instead, which a page on another site cannot set on a request to this one either.
/// Every request gets the token in ``WebContext/csrfToken`` for the forms it renders; a browser without
/// one is given a fresh one.
struct CSRFProtection: RouterMiddleware {
    static let cookie = "conservator_csrf"
    static let field = "csrf"
    static let header = "X-CSRF-Token"
    /// Forms are small; a bigger body is refused before it is read whole.
    static let maxFormBytes = 64 * 1024
    let secureCookies: Bool

    func handle(_ request: Request, context: WebContext,
                next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let existing = request.cookies[Self.cookie]?.value.filter { $0.isLetter || $0.isNumber }
        if request.method == .post {
            // the header when sent (the body is then left for the route), else the field of a form; a body
            // of another kind without the header is refused unread
            let isForm = request.headers[.contentType].map { $0.hasPrefix("application/x-www-form-urlencoded") } ?? true
            let sent: String? = if let header = request.headers[.init(Self.header)!] {
                header
            } else if isForm {
                FormFields(try await request.collectBody(upTo: Self.maxFormBytes))[Self.field]
            } else {
                nil
            }
            guard let existing, existing.count == 64, let sent, Self.constantTimeEqual(existing, sent) else {
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
