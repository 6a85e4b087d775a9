@testable import Catalog
import CatalogFixtures
import Foundation
import GRDB
import Testing

/// Migration 0006: curators' decisions are rows of their own, each with a PREMIS event on the derivative
/// (the person as authorizer), written in one transaction and never twice for one click.
@Suite struct ReviewDecisionTests {
    /// The sample collection with a proposed copy of the `repaired` run; returns its id.
    static func proposed(_ sample: SampleCollection) throws -> Run {
        var copy = try #require(try sample.catalog.runs(ofSource: sample.ids["repaired"]!).first)
        copy.id = nil
        copy.reviewState = ReviewState.proposed.rawValue
        copy.reviewReason = "fills or invents 3.00% of the pixels, more than review-above 1.00%"
        try sample.catalog.pool.write { try copy.insert($0) }
        return copy
    }

    @Test func approvingRecordsTheDecisionAndAnAuthorizerEventOnce() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let run = try Self.proposed(sample)
        let first = try sample.catalog.decide(run: run.id!, state: .approved, reason: nil, person: "alice")
        guard case let .recorded(decision) = first else { Issue.record("not recorded: \(first)"); return }
        #expect(try sample.catalog.decide(run: run.id!, state: .approved, reason: nil, person: "alice") == .unchanged(decision))
        #expect(try sample.catalog.decisions(onRun: run.id!).count == 1)

        let events = try sample.catalog.details(of: run.derivativeObjectId).events.filter { $0.event.id == decision.eventId }
        let event = try #require(events.first)
        #expect(event.event.type == .validation && event.event.outcome == .success)
        #expect(event.event.detail.contains("approved by alice"))
        #expect(event.agents.map(\.role) == ["aut"])
        #expect(event.agents.first?.agent.type == .person && event.agents.first?.agent.name == "alice")

        let history = try sample.catalog.runHistory(run.id!)
        #expect(history.reviewState == "approved" && history.decisions == [decision])
        let approved = try sample.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .approved)))
        #expect(approved.map(\.object.id) == [run.sourceObjectId])
        #expect(try sample.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .proposed))).isEmpty)
        #expect(try sample.catalog.runs(inReviewState: .proposed, limit: 10).isEmpty)
        #expect(try sample.catalog.runCountsByReviewState()["approved"] == 1)
    }

    @Test func aDecidedRunCannotBeDecidedOtherwiseAndOnlyProposedRunsAwaitReview() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let run = try Self.proposed(sample)
        _ = try sample.catalog.decide(run: run.id!, state: .rejected, reason: "the fill smears the face", person: "bob")
        #expect(throws: CatalogError.self) {
            try sample.catalog.decide(run: run.id!, state: .approved, reason: nil, person: "alice")
        }
        let unreviewed = try #require(try sample.catalog.runs(ofSource: sample.ids["classical"]!).first)
        #expect(throws: CatalogError.self) {
            try sample.catalog.decide(run: unreviewed.id!, state: .approved, reason: nil, person: "alice")
        }
        #expect(throws: CatalogError.self) {
            try sample.catalog.decide(run: 999_999, state: .approved, reason: nil, person: "alice")
        }
        #expect(try sample.catalog.runHistory(run.id!).reviewState == "rejected")
    }

    @Test func aFailedDecisionLeavesNoEventBehind() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let run = try Self.proposed(sample)
        let before = try sample.catalog.details(of: run.derivativeObjectId).events.count
        // the schema refuses a rejection without a reason; the event written before it must go too
        #expect(throws: (any Error).self) {
            try sample.catalog.decide(run: run.id!, state: .rejected, reason: "  ", person: "bob")
        }
        #expect(try sample.catalog.details(of: run.derivativeObjectId).events.count == before)
        #expect(try sample.catalog.decisions(onRun: run.id!).isEmpty)
    }

    @Test func decisionsAreAppendOnly() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let run = try Self.proposed(sample)
        _ = try sample.catalog.decide(run: run.id!, state: .approved, reason: nil, person: "alice")
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "UPDATE review_decisions SET state = 'rejected'") }
        }
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "DELETE FROM review_decisions") }
        }
    }
}

@Suite struct UserTests {
    @Test func usersAreAddedListedChangedAndRemovedByName() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let hash = "pbkdf2-sha256$1000$c2FsdA==$" + Data(repeating: 1, count: 32).base64EncodedString()
        try sample.catalog.addUser(User(name: "alice", role: .curator, passwordHash: hash))
        #expect(throws: CatalogError.self) { try sample.catalog.addUser(User(name: "alice", role: .viewer, passwordHash: hash)) }
        #expect(try sample.catalog.users().map(\.name) == ["alice"])
        try sample.catalog.setPasswordHash(hash + "x", forUser: "alice")
        #expect(try sample.catalog.user(named: "alice")?.passwordHash == hash + "x")
        #expect(throws: CatalogError.self) { try sample.catalog.setPasswordHash(hash, forUser: "nobody") }
        try sample.catalog.removeUser(named: "alice")
        #expect(try sample.catalog.user(named: "alice") == nil)
        #expect(throws: CatalogError.self) { try sample.catalog.removeUser(named: "alice") }
    }

    @Test func theSchemaRefusesOddNamesAndUnhashedPasswords() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let hash = "pbkdf2-sha256$1000$c2FsdA==$AAAA"
        #expect(throws: (any Error).self) { try sample.catalog.addUser(User(name: "a b", role: .viewer, passwordHash: hash)) }
        #expect(throws: (any Error).self) { try sample.catalog.addUser(User(name: "", role: .viewer, passwordHash: hash)) }
        #expect(throws: (any Error).self) { try sample.catalog.addUser(User(name: "eve", role: .viewer, passwordHash: "secret")) }
        #expect(User.Role.viewer < .curator && User.Role.curator < .admin)
    }
}

@Suite struct QueryPageTests {
    @Test func pagesAndTheCountAgreeWithTheWholeAnswer() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        for query in [OriginalQuery(), OriginalQuery(runs: RunFilter(aiAltered: true)), OriginalQuery(status: .quarantined),
                      OriginalQuery(runs: RunFilter(model: NameAndVersion(name: "nothing")))] {
            let whole = try sample.catalog.originals(matching: query)
            #expect(try sample.catalog.count(matching: query) == whole.count)
            let pages = try stride(from: 0, to: max(whole.count, 1), by: 2).flatMap {
                try sample.catalog.originals(matching: query, limit: 2, offset: $0)
            }
            #expect(pages == whole)
        }
    }
}
