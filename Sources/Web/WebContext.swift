import Catalog
import Hummingbird
import HummingbirdAuth

/// What a request carries through the middleware: the session (a signed-in user's name), the user it
/// names, and the CSRF token that this response's forms must carry.
public struct WebContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: User?
    public let sessions: SessionContext<WebSession>
    /// Set by ``CSRFProtection`` for every request.
    public var csrfToken = ""

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
    }
}

/// What the session store keeps for a signed-in browser: only the user's name, so that a removed user or a
/// changed role takes effect at the next request.
public struct WebSession: Codable, Sendable, Equatable {
    public var user: String
}
