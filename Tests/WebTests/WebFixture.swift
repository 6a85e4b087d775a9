@testable import Catalog
import CatalogFixtures
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Web

/// The sample collection behind the web interface, with one user per role (password ``password``, hashed
/// at a test-only low cost: the hash stores it, and verification uses what is stored), served to
/// HummingbirdTesting's in-process client.
struct WebFixture {
    static let password = "correct horse battery"
    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WebAssets")

    let collection: SampleCollection
    var catalog: Catalog { collection.catalog }
    /// A copy of the `repaired` run recorded as awaiting review.
    let proposed: Run

    init() throws {
        collection = try SampleCollection.make()
        var copy = try collection.catalog.runs(ofSource: collection.ids["repaired"]!)[0]
        copy.id = nil
        copy.reviewState = ReviewState.proposed.rawValue
        copy.reviewReason = "fills or invents 3.00% of the pixels, more than review-above 1.00%"
        try collection.catalog.pool.write { try copy.insert($0) }
        proposed = copy
        for role in User.Role.allCases {
            try catalog.addUser(User(name: role.rawValue, role: role,
                                     passwordHash: try PasswordHash(password: Self.password, iterations: 1_000).stored))
        }
    }

    func settings(roots: [String]? = nil, signInFailures: Int = 5) -> WebSettings {
        WebSettings(fileRoots: roots ?? [collection.directory.path], assets: Self.assets, signInFailures: signInFailures)
    }

    /// Runs `body` against the application; removes the collection afterwards.
    func test(_ settings: WebSettings? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: collection.directory) }
        let router = try await WebApplication.router(catalog: catalog, settings: settings ?? self.settings(),
                                                     sessions: MemoryPersistDriver())
        let app = Application(router: router, logger: Logger(label: "web-tests"))
        try await app.test(.router) { client in try await body(client) }
    }
}

/// A browser's memory of cookies across requests, for one person.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    private var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    /// A browser signed in as `name` (a role name of ``WebFixture``).
    static func signedIn(_ client: any TestClientProtocol, as name: String) async throws -> Browser {
        let browser = Browser(client)
        _ = try await browser.get("/sign-in")
        let response = try await browser.post("/sign-in", ["name": name, "password": WebFixture.password])
        guard response.status == .seeOther else { throw FixtureError.signInFailed(name, response.status.code) }
        return browser
    }

    var csrf: String? { cookies["conservator_csrf"] }

    func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, .get, body: nil)
    }

    /// Posts `fields` as a form, with this browser's CSRF token unless `csrf` is false.
    func post(_ uri: String, _ fields: [String: String], csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf, let token = self.csrf { all["csrf"] = token }
        let body = all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await send(uri, .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                              body: ByteBuffer(string: body))
    }

    func send(_ uri: String, _ method: HTTPRequest.Method, headers: HTTPFields = [:],
              body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            // an expired cookie (sign-out) is kept: the server no longer knows its session, which is the point
            if pair.count == 2 { cookies[pair[0]] = pair[1] }
        }
        return response
    }
}

enum FixtureError: Error { case signInFailed(String, Int) }

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension Browser {
    /// Posts `bytes` as a PNG, the way the mask editor does: the CSRF token in the `X-CSRF-Token` header
    /// unless `csrf` is false.
    func postPNG(_ uri: String, _ bytes: [UInt8], csrf: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "image/png"]
        if csrf, let token = self.csrf { headers[.init("X-CSRF-Token")!] = token }
        return try await send(uri, .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }
}
