@testable import Catalog
import CatalogFixtures
import Foundation
import GRDB
import Testing

/// Migration 0004: the review state and the steps' regions are recorded with a run and then, like the rest
/// of the run, never changed; rows recorded without them read as "not recorded", not as a state.
@Suite struct ReviewColumnsTests {
    @Test func runsWithoutReviewReadAsNotRecordedAndStayAppendOnly() throws {
        let sample = try SampleCollection.make()
        let runs = try sample.catalog.pool.read { try Run.fetchAll($0) }
        #expect(!runs.isEmpty && runs.allSatisfy { $0.reviewState == nil && $0.inventedFraction == nil })
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "UPDATE runs SET review_state = 'approved'") }
        }
        #expect(throws: (any Error).self) {
            try sample.catalog.pool.write { try $0.execute(sql: "UPDATE steps SET region_count = 3") }
        }
    }

    @Test func onlyKnownReviewStatesAndFractionsAreAccepted() throws {
        let sample = try SampleCollection.make()
        let run = try #require(try sample.catalog.pool.read { try Run.fetchOne($0) })
        var copy = run
        copy.id = nil
        copy.reviewState = "maybe"
        #expect(throws: (any Error).self) { try sample.catalog.pool.write { try copy.insert($0) } }
        copy.reviewState = ReviewState.proposed.rawValue
        copy.inventedFraction = 1.5
        #expect(throws: (any Error).self) { try sample.catalog.pool.write { try copy.insert($0) } }
        copy.inventedFraction = 0.5
        try sample.catalog.pool.write { try copy.insert($0) }
        let proposed = try sample.catalog.originals(matching: OriginalQuery(runs: RunFilter(reviewState: .proposed)))
        #expect(proposed.map(\.object.id) == [run.sourceObjectId])
    }
}
