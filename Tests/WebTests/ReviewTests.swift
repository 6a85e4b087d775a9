import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

@Suite("Review: curators approve or reject runs that await review")
struct ReviewTests {
    @Test("a curator approves; a second click changes nothing; the page and the catalog say approved")
    func approve() async throws {
        let fixture = try WebFixture()
        let run = fixture.proposed.id!
        try await fixture.test { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            let dashboard = try await curator.get("/").text
            #expect(dashboard.contains("href=\"/runs/\(run)\""))
            #expect(try await curator.get("/runs/\(run)").text.contains("id=\"approve\""))
            for _ in 0..<2 {
                let response = try await curator.post("/runs/\(run)/approve", [:])
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/runs/\(run)")
            }
            #expect(try fixture.catalog.decisions(onRun: run).map(\.state) == [.approved])
            #expect(try fixture.catalog.decisions(onRun: run).first?.person == "curator")
            let page = try await curator.get("/runs/\(run)").text
            #expect(page.contains("approved by curator"))
            #expect(!page.contains("id=\"approve\""))
            #expect(try await curator.post("/runs/\(run)/reject", ["reason": "too late"]).status == .conflict)
            let search = try await curator.get("/search?review-state=approved").text
            #expect(search.contains("<span id=\"total\">1</span>"))
        }
    }

    @Test("a rejection needs a reason, which is recorded")
    func reject() async throws {
        let fixture = try WebFixture()
        let run = fixture.proposed.id!
        try await fixture.test { client in
            let admin = try await Browser.signedIn(client, as: "admin")
            #expect(try await admin.post("/runs/\(run)/reject", [:]).status == .badRequest)
            #expect(try await admin.post("/runs/\(run)/reject", ["reason": "   "]).status == .badRequest)
            #expect(try await admin.post("/runs/\(run)/reject", ["reason": "the fill smears the face"]).status == .seeOther)
            let decision = try #require(try fixture.catalog.decisions(onRun: run).first)
            #expect(decision.state == .rejected && decision.reason == "the fill smears the face")
        }
    }

    @Test("viewers may not decide, nobody may without a session or a CSRF token")
    func refused() async throws {
        let fixture = try WebFixture()
        let run = fixture.proposed.id!
        try await fixture.test { client in
            let viewer = try await Browser.signedIn(client, as: "viewer")
            #expect(try await viewer.post("/runs/\(run)/approve", [:]).status == .forbidden)
            #expect(!(try await viewer.get("/runs/\(run)").text.contains("id=\"approve\"")))
            let anonymous = Browser(client)
            _ = try await anonymous.get("/sign-in")
            #expect(try await anonymous.post("/runs/\(run)/approve", [:]).status == .unauthorized)
            let curator = try await Browser.signedIn(client, as: "curator")
            #expect(try await curator.post("/runs/\(run)/approve", [:], csrf: false).status == .forbidden)
            #expect(try await curator.post("/runs/999999/approve", [:]).status == .notFound)
            let unreviewed = try fixture.catalog.runs(ofSource: fixture.collection.ids["classical"]!)[0].id!
            #expect(try await curator.post("/runs/\(unreviewed)/approve", [:]).status == .conflict)
            #expect(try fixture.catalog.decisions(onRun: run).isEmpty)
        }
    }
}
