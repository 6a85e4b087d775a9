import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

@Suite("Sign-in, sessions, CSRF and security headers")
struct SignInTests {
    @Test("the sign-in page is served without a session, with the security headers and a CSRF cookie")
    func signInPage() async throws {
        try await WebFixture().test { client in
            let response = try await Browser(client).get("/sign-in")
            #expect(response.status == .ok)
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("conservator_csrf=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            #expect(response.text.contains("name=\"csrf\""))
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie; Secure when configured for TLS")
    func sessionCookie() async throws {
        let fixture = try WebFixture()
        var settings = fixture.settings()
        settings.secureCookies = true
        try await fixture.test(settings) { client in
            let browser = Browser(client)
            _ = try await browser.get("/sign-in")
            let response = try await browser.post("/sign-in", ["name": "viewer", "password": WebFixture.password])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("conservator_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"))
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test("a wrong password or unknown name is 401 and makes no session")
    func wrongPassword() async throws {
        try await WebFixture().test { client in
            for (name, password) in [("viewer", "wrong password"), ("nobody", WebFixture.password)] {
                let browser = Browser(client)
                _ = try await browser.get("/sign-in")
                let response = try await browser.post("/sign-in", ["name": name, "password": password])
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("do not match"))
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("conservator_session=") })
                #expect(try await browser.get("/").status == .unauthorized)
            }
        }
    }

    @Test("after too many failures a name is refused, even with the right password")
    func throttled() async throws {
        let fixture = try WebFixture()
        try await fixture.test(fixture.settings(signInFailures: 3)) { client in
            let browser = Browser(client)
            _ = try await browser.get("/sign-in")
            for _ in 0..<3 {
                #expect(try await browser.post("/sign-in", ["name": "curator", "password": "guess"]).status == .unauthorized)
            }
            let refused = try await browser.post("/sign-in", ["name": "curator", "password": WebFixture.password])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            // other names are not affected
            _ = try await Browser.signedIn(client, as: "viewer")
        }
    }

    @Test("a form without its CSRF token, or with another browser's, is 403")
    func csrf() async throws {
        try await WebFixture().test { client in
            let browser = Browser(client)
            _ = try await browser.get("/sign-in")
            let missing = try await browser.post("/sign-in", ["name": "viewer", "password": WebFixture.password], csrf: false)
            #expect(missing.status == .forbidden)
            let other = try await browser.post("/sign-in", ["name": "viewer", "password": WebFixture.password,
                                                            "csrf": String(repeating: "a", count: 64)], csrf: false)
            #expect(other.status == .forbidden)
            let signedIn = try await Browser.signedIn(client, as: "admin")
            #expect(try await signedIn.post("/sign-out", [:], csrf: false).status == .forbidden)
            #expect(try await signedIn.get("/").status == .ok)
        }
    }

    @Test("sign-out ends the session")
    func signOut() async throws {
        try await WebFixture().test { client in
            let browser = try await Browser.signedIn(client, as: "curator")
            let response = try await browser.post("/sign-out", [:])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in")
            #expect(try await browser.get("/").status == .unauthorized)
        }
    }

    @Test("a removed user's session stops working at the next request")
    func removedUser() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            try fixture.catalog.removeUser(named: "viewer")
            #expect(try await browser.get("/").status == .unauthorized)
        }
    }
}

@Suite("Password hashes")
struct PasswordHashTests {
    @Test("a hash verifies its password only, at the iterations stored with it")
    func roundTrip() throws {
        let hash = try PasswordHash(password: "correct horse", iterations: 1_000)
        let stored = try #require(PasswordHash(stored: hash.stored))
        #expect(stored.iterations == 1_000)
        #expect(try stored.verify("correct horse"))
        #expect(try !stored.verify("correct horsE"))
        #expect(try !stored.verify(""))
        #expect(hash.stored.hasPrefix("pbkdf2-sha256$1000$"))
    }

    @Test("the standard cost is at least 600,000 iterations, and two hashes of one password differ (salt)")
    func standard() throws {
        #expect(PasswordHash.standardIterations >= 600_000)
        let a = try PasswordHash(password: "same", iterations: 1_000), b = try PasswordHash(password: "same", iterations: 1_000)
        #expect(a.stored != b.stored)
    }

    @Test("malformed stored text is refused", arguments: [
        "", "pbkdf2-sha256", "pbkdf2-sha256$x$AAAA$AAAA", "bcrypt$10$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
        "pbkdf2-sha256$1000$AAAA$AAAA",  // a hash must be 32 bytes
    ])
    func malformed(_ text: String) {
        #expect(PasswordHash(stored: text) == nil)
    }
}
