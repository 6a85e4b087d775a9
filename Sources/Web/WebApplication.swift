import Catalog
import Hummingbird
import HummingbirdAuth
import Logging

/// The curators' web interface: a Hummingbird application over one catalog.
///
/// Every request passes, outermost first: security headers, error pages, CSRF protection, the session,
/// and the user the session names. Pages other than sign-in need a signed-in user; review actions need a
/// curator. The catalog is the same file the daemon writes (WAL lets both work at once).
///
/// ```swift
/// let app = try await WebApplication.make(catalog: catalog, settings: settings, logger: logger)
/// try await app.runService()
/// ```
public enum WebApplication {
    public static func make(catalog: Catalog, settings: WebSettings, logger: Logger) async throws
        -> some ApplicationProtocol
    {
        let sessions = MemoryPersistDriver()
        let router = try await router(catalog: catalog, settings: settings, sessions: sessions)
        var app = Application(router: router,
                              configuration: .init(address: .hostname(settings.host, port: settings.port),
                                                   serverName: "Conservator"),
                              logger: logger)
        // the session store drops expired sessions in the background
        app.addServices(sessions)
        return app
    }

    /// The routes and middleware, without a server: what the route tests drive.
    public static func router(catalog: Catalog, settings: WebSettings,
                              sessions: some PersistDriver) async throws -> Router<WebContext> {
        let pages = try await Pages(assets: settings.assets)
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorPages(pages: pages))
        router.add(middleware: CSRFProtection(secureCookies: settings.secureCookies))
        router.add(middleware: SessionMiddleware(storage: sessions, configuration: .init(
            sessionCookieParameters: .init(name: "conservator_session", secure: settings.secureCookies, sameSite: .strict),
            defaultSessionExpiration: settings.sessionLifetime)))
        router.add(middleware: SessionAuthenticator(context: WebContext.self) { (session: WebSession, _) in
            try catalog.user(named: session.user)
        })
        try StaticFiles(assets: settings.assets).add(to: router)
        SignInRoutes(catalog: catalog, pages: pages,
                     throttle: SignInThrottle(limit: settings.signInFailures, window: settings.signInWindow),
                     sessionLifetime: settings.sessionLifetime).add(to: router)

        let signedIn = router.group().add(middleware: RequireRole(role: .viewer))
        DashboardPage(catalog: catalog, pages: pages).add(to: signedIn)
        SearchPage(catalog: catalog, pages: pages).add(to: signedIn)
        OriginalPage(catalog: catalog, pages: pages).add(to: signedIn)
        RunPage(catalog: catalog, pages: pages).add(to: signedIn)
        ObjectFiles(catalog: catalog, roots: FileRoots(settings.fileRoots)).add(to: signedIn)
        ExportDownload(catalog: catalog).add(to: signedIn)

        let curators = router.group().add(middleware: RequireRole(role: .curator))
        ReviewRoutes(catalog: catalog).add(to: curators)
        CorrectionRoute(catalog: catalog, correction: settings.correction).add(to: curators)
        return router
    }
}
