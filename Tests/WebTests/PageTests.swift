import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

@Suite("Pages: each role, each page; 401 without a session; 404 for what the catalog does not hold")
struct PageTests {
    /// Every page of the sample collection a signed-in person may read.
    static func pages(_ fixture: WebFixture) -> [String] {
        let repaired = fixture.collection.ids["repaired"]!
        let run = try! fixture.catalog.runs(ofSource: repaired)[0].id!
        return ["/", "/search", "/search?ai-altered=yes", "/originals/\(repaired)", "/runs/\(run)",
                "/runs/\(run)/premis.xml", "/runs/\(run)/prov.json", "/runs/\(run)/sidecar",
                "/objects/\(repaired)/file", "/objects/\(repaired)/preview?side=64"]
    }

    @Test("every page answers 200 for every role", arguments: User.Role.allCases)
    func everyRole(_ role: User.Role) async throws {
        let fixture = try WebFixture()
        let pages = Self.pages(fixture)
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: role.rawValue)
            for page in pages {
                let response = try await browser.get(page)
                #expect(response.status == .ok, "\(page) as \(role)")
                #expect(response.headers[.contentSecurityPolicy] != nil, "\(page)")
            }
            #expect(try await browser.get("/").text.contains("\(role.rawValue) (\(role.rawValue))"))
        }
    }

    @Test("without a session every page is 401 and offers the sign-in page")
    func noSession() async throws {
        let fixture = try WebFixture()
        let pages = Self.pages(fixture)
        try await fixture.test { client in
            let browser = Browser(client)
            for page in pages {
                let response = try await browser.get(page)
                #expect(response.status == .unauthorized, "\(page)")
                #expect(response.text.contains("href=\"/sign-in\""), "\(page)")
            }
        }
    }

    @Test("ids the catalog does not hold, and anything that is not an id, are 404", arguments: [
        "/originals/999999", "/runs/999999", "/objects/999999/file", "/runs/999999/premis.xml", "/originals/abc",
        "/originals/-1", "/objects/..%2F..%2Fetc%2Fpasswd/file", "/objects/%2Fetc%2Fpasswd/file",
        "/objects/../../etc/passwd", "/objects//etc/passwd/file", "/static/..%2FPackage.swift", "/static/nothing.css",
    ])
    func notFound(_ uri: String) async throws {
        try await WebFixture().test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            let response = try await browser.get(uri)
            #expect(response.status == .notFound, "\(uri)")
            #expect(!response.text.contains("root:"))
        }
    }

    @Test("the dashboard counts originals, quarantined files, jobs and runs by review state")
    func dashboard() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let page = try await Browser.signedIn(client, as: "viewer").get("/").text
            #expect(page.contains("<span class=\"n\" id=\"originals\">5</span>"))
            #expect(page.contains("not a TIFF, PNG or JPEG file"))
            #expect(page.contains("unrecorded"))
        }
    }

    @Test("search lists what the catalog query answers, with the same terms as the CLI")
    func search() async throws {
        let fixture = try WebFixture()
        let expected = try fixture.catalog.originals(matching: try QueryTerms(aiAltered: true).query())
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get("/search?ai-altered=yes").text
            #expect(page.contains("<span id=\"total\">\(expected.count)</span>"))
            for row in expected { #expect(page.contains("href=\"/originals/\(row.object.id!)\"")) }
            let untouched = fixture.collection.ids["untouched"]!
            #expect(!page.contains("href=\"/originals/\(untouched)\""))
            let model = try await browser.get("/search?model=colorize%401").text
            #expect(model.contains("<span id=\"total\">1</span>"))
            let quarantined = try await browser.get("/search?quarantined=yes").text
            #expect(quarantined.contains("not a TIFF, PNG or JPEG file"))
        }
    }

    @Test("a mistaken search term is 400 with the CLI's words", arguments: [
        ("since=yesterday", "since must be a date"), ("changed-more-than=2", "changed-more-than must be a fraction"),
        ("model=%40", "model must be NAME or NAME@VERSION"), ("review-state=maybe", "review-state must be one of"),
        ("tag=Make", "tag must look like GROUP:NAME=VALUE"), ("changed-more-than=lots", "changed-more-than must be a number"),
    ])
    func mistakes(_ query: String, _ message: String) async throws {
        try await WebFixture().test { client in
            let response = try await Browser.signedIn(client, as: "viewer").get("/search?\(query)")
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
        }
    }

    @Test("search pages through long answers")
    func pagination() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get("/search?page=7").text
            #expect(page.contains("page 1 of 1"))
            #expect(!page.contains("rel=\"next\""))
        }
    }

    @Test("the run page shows steps with model and SHA-256, masks to toggle, the disclosure and the colorized notice")
    func runPage() async throws {
        let fixture = try WebFixture()
        let repaired = try fixture.catalog.runs(ofSource: fixture.collection.ids["repaired"]!)[0]
        let colorized = try fixture.catalog.runs(ofSource: fixture.collection.ids["colorized"]!)[0]
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get("/runs/\(repaired.id!)").text
            #expect(page.contains("inpaint-unet@1"))
            #expect(page.contains("class=\"mask-toggle\""))
            #expect(page.contains("<code>compositeWithTrainedAlgorithmicMedia</code>"))
            #expect(page.contains("id=\"sidecar-link\""))
            #expect(!page.contains("colorized-notice"))
            let steps = try fixture.catalog.steps(ofRun: repaired.id!)
            let mask = try #require(steps.compactMap(\.maskObjectId).first)
            let overlay = try await browser.get("/objects/\(mask)/overlay")
            #expect(overlay.status == .ok)
            #expect(overlay.headers[.contentType] == "image/png")
            #expect(try await browser.get("/objects/\(repaired.derivativeObjectId)/overlay").status == .notFound)
            let colored = try await browser.get("/runs/\(colorized.id!)").text
            #expect(colored.contains("id=\"colorized-notice\""))
            #expect(colored.contains("not historical fact"))
            let premis = try await browser.get("/runs/\(repaired.id!)/premis.xml")
            #expect(premis.text.contains("version=\"3.0\""))
        }
    }

    @Test("catalog text is escaped in pages")
    func escaping() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let page = try await Browser.signedIn(client, as: "viewer").get("/search?stage=%3Cscript%3Ealert(1)%3C/script%3E").text
            #expect(!page.contains("<script>alert(1)"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }
}

@Suite("Export: the current search as a ZIP made by the CLI's export code")
struct ExportTests {
    @Test("an export of AI-altered originals holds the derivatives, reports and manifest")
    func zip() async throws {
        try await WebFixture().test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            #expect(try await browser.get("/search?ai-altered=yes").text.contains("href=\"/export?ai-altered=yes\""))
            let response = try await browser.get("/export?ai-altered=yes")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let names = String(decoding: bytes, as: UTF8.self)
            for file in ["manifest-sha256.txt", "premis.xml", "prov.json", "report.csv", "index.html"] {
                #expect(names.contains(file), "\(file)")
            }
        }
    }

    @Test("no match is 404, quarantined or a mistaken term is 400, no session is 401")
    func refused() async throws {
        try await WebFixture().test { client in
            let browser = try await Browser.signedIn(client, as: "viewer")
            #expect(try await browser.get("/export?model=nothing%401").status == .notFound)
            #expect(try await browser.get("/export?quarantined=yes").status == .badRequest)
            #expect(try await browser.get("/export?since=soon").status == .badRequest)
            #expect(try await Browser(client).get("/export?ai-altered=yes").status == .unauthorized)
        }
    }
}
