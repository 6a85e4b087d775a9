import Catalog
import CatalogFixtures
import Foundation
import Provenance
import Testing

/// A curator's correction in the exports: PREMIS carries the event on the superseded derivative with the
/// person as authorizer, PROV links the runs both ways, and the disclosure says which run replaced which.
@Suite struct SupersessionExportTests {
    /// A run of the `repaired` original that awaits review (from a pipeline with a trained model), and its
    /// correction by carol; the original's history.
    static func corrected() throws -> (SampleCollection, old: Int64, new: Int64, ImageHistory) {
        let sample = try SampleCollection.make()
        let original = sample.ids["repaired"]!
        func run(_ seed: Character) -> NewRun {
            let sha = String(repeating: seed, count: 64)
            var run = NewRun(
                sourceObjectID: original,
                pipeline: Agent(type: .pipeline, name: "repair", version: "1", identifier: String(repeating: "9", count: 64)),
                software: SampleCollection.software,
                derivative: .init(object: StoredObject(kind: .derivative, status: .accepted, sha256: sha, size: 10,
                                                       format: "tiff", sourceObjectId: original),
                                  path: sample.path("runs/\(seed).tif")),
                steps: [], sidecarPath: sample.path("runs/\(seed).json"), sidecarSHA256: sha,
                digitalSourceType: "compositeWithTrainedAlgorithmicMedia", aiAltered: true,
                startedAt: Timestamp.now(), endedAt: Timestamp.now())
            run.reviewState = .proposed
            run.reviewReason = "a trained model took part"
            return run
        }
        let old = try sample.catalog.recordRun(run("a")).runID
        let new = try sample.catalog.recordCorrection(run("b"), superseding: old, person: "carol",
                                                      reason: "the detector missed the tear").runID
        return (sample, old, new, try sample.catalog.history(of: original))
    }

    @Test func premisCarriesTheSupersessionEventWithThePersonAsAuthorizer() throws {
        let (sample, _, new, history) = try Self.corrected()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let xml = PREMISDocument(histories: [history], exportedAt: Timestamp.now()).xml
        #expect(xml.contains("review: superseded by run \(new), corrected by carol"))
        #expect(xml.contains("the detector missed the tear"))
        #expect(xml.contains(">carol<") && xml.contains(">authorizer<"))
        let result = try PREMISSchema.validate(xml)
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test func theCorrectionsOwnPremisNamesTheDerivativeItSupersedes() throws {
        let (sample, old, new, history) = try Self.corrected()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let oldDerivative = try #require(history.runs.first { $0.run.id == old }?.run.derivativeObjectId)
        let newRun = try #require(history.runs.first { $0.run.id == new })
        #expect(newRun.supersededDerivativeID == oldDerivative)
        // what the run page's PREMIS link gives: the original and this run only
        let xml = PREMISDocument(histories: [ImageHistory(original: history.original, runs: [newRun])],
                                 exportedAt: Timestamp.now()).xml
        #expect(xml.contains("<premis:relationshipSubType>supersedes</premis:relationshipSubType>"))
        #expect(xml.contains("conservator:object:\(oldDerivative)") && xml.contains("conservator:event:\(newRun.supersedes!.eventId)"))
        let result = try PREMISSchema.validate(xml)
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test func provLinksTheRunsBothWaysAndNamesTheCurator() throws {
        let (sample, old, new, history) = try Self.corrected()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(PROVDocument(histories: [history]).json))
            as? [String: Any])
        let activities = try #require(document["activity"] as? [String: [String: Any]])
        let newRun = try #require(activities["conservator:run-\(new)"])
        let oldRun = try #require(activities["conservator:run-\(old)"])
        #expect((newRun["conservator:supersedes"] as? [String: String])?["$"] == "conservator:run-\(old)")
        #expect(newRun["conservator:correctionReason"] as? String == "the detector missed the tear")
        #expect((oldRun["conservator:supersededBy"] as? [String: String])?["$"] == "conservator:run-\(new)")
        let associations = try #require(document["wasAssociatedWith"] as? [String: [String: String]])
        #expect(associations.values.contains {
            $0["prov:activity"] == "conservator:run-\(new)" && $0["prov:agent"] == "conservator:person-carol"
                && $0["prov:role"] == "authorizer"
        })
    }

    @Test func theDisclosureSaysWhichRunReplacedWhich() throws {
        let (sample, old, new, history) = try Self.corrected()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        func text(_ id: Int64) throws -> String {
            let run = try #require(history.runs.first { $0.run.id == id })
            return RunDisclosure(run).statement.map { fragment in
                switch fragment {
                case let .text(text), let .term(text): text
                }
            }.joined()
        }
        #expect(try text(new).contains("Supersedes run \(old): the mask was corrected by carol"))
        #expect(try text(new).contains("Awaiting a curator's review"))
        #expect(try text(old).contains("Superseded by run \(new)") && !(try text(old).contains("Awaiting")))
        let superseded = try #require(history.runs.first { $0.run.id == old })
        #expect(!superseded.isPublished && superseded.reviewState == "superseded")
    }
}
