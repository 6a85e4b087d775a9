import Catalog
import CatalogFixtures
import Foundation
import Provenance
import Testing

@Suite struct PROVDocumentTests {
    /// The PROV-JSON top-level keys (W3C Member Submission, section 2).
    static let provJSONKeys: Set<String> = [
        "prefix", "entity", "activity", "agent", "used", "wasGeneratedBy", "wasInvalidatedBy", "wasDerivedFrom",
        "wasAssociatedWith", "wasAttributedTo", "actedOnBehalfOf", "wasInformedBy", "wasStartedBy", "wasEndedBy",
        "wasInfluencedBy", "specializationOf", "alternateOf", "hadMember", "bundle",
    ]
    /// Attributes of a relation that name an entity, activity or agent.
    static let references: [String: [String]] = [
        "used": ["prov:activity", "prov:entity"],
        "wasGeneratedBy": ["prov:entity", "prov:activity"],
        "wasDerivedFrom": ["prov:generatedEntity", "prov:usedEntity", "prov:activity"],
        "wasAssociatedWith": ["prov:activity", "prov:agent", "prov:plan"],
    ]

    @Test func topLevelKeysAreProvJSONOnes() throws {
        let (document, _) = try Self.sample()
        #expect(Set(document.keys).isSubset(of: Self.provJSONKeys))
        #expect(Set(document.keys).isSuperset(of: ["prefix", "entity", "activity", "agent", "used", "wasGeneratedBy",
                                                   "wasDerivedFrom", "wasAssociatedWith"]))
        let prefixes = try #require(document["prefix"] as? [String: String])
        #expect(prefixes["conservator"] == "urn:conservator:")
        #expect(prefixes["dst"] == "http://cv.iptc.org/newscodes/digitalsourcetype/")
    }

    @Test func everyRelationNamesExistingNodes() throws {
        let (document, _) = try Self.sample()
        let nodes = ["entity", "activity", "agent"].flatMap { (document[$0] as? [String: Any])?.keys.map { $0 } ?? [] }
        for (relation, attributes) in Self.references {
            let entries = try #require(document[relation] as? [String: [String: Any]])
            #expect(!entries.isEmpty)
            for (id, entry) in entries {
                #expect(id.hasPrefix("_:"))
                #expect(attributes.filter { entry[$0] != nil }.count >= 2, "\(relation) \(id) links two nodes")
                for attribute in attributes {
                    if let reference = entry[attribute] as? String { #expect(nodes.contains(reference), "\(relation) \(id) \(attribute)") }
                }
            }
        }
    }

    @Test func eachDerivativeWasDerivedFromItsOriginal() throws {
        let (document, sample) = try Self.sample()
        let derived = try #require(document["wasDerivedFrom"] as? [String: [String: String]]).values
        for (key, derivative) in sample.derivatives {
            let original = try #require(sample.ids[key])
            #expect(derived.contains {
                $0["prov:generatedEntity"] == "conservator:object-\(derivative)"
                    && $0["prov:usedEntity"] == "conservator:object-\(original)"
                    && $0["prov:activity"]?.hasPrefix("conservator:run-") == true
            }, "\(key)")
        }
    }

    @Test func modelsAreAssociatedWithTheirSteps() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let histories = try sample.catalog.histories(matching: OriginalQuery())
        let document = try Self.parse(PROVDocument(histories: histories).json)
        let associations = try #require(document["wasAssociatedWith"] as? [String: [String: String]]).values
        let activities = try #require(document["activity"] as? [String: [String: Any]])
        let agents = try #require(document["agent"] as? [String: [String: Any]])
        var models = 0
        for run in histories.flatMap(\.runs) {
            for step in run.steps {
                guard let model = step.model else { continue }
                models += 1
                let activity = "conservator:run-\(run.run.id ?? 0)-step-\(step.step.position)"
                let agent = "conservator:agent-\(model.id ?? 0)"
                #expect(activities[activity]?["conservator:algorithm"] as? String == step.step.algorithm)
                #expect(agents[agent]?["prov:label"] as? String == "\(model.name)@\(model.version)")
                #expect(associations.contains { $0["prov:activity"] == activity && $0["prov:agent"] == agent })
            }
        }
        #expect(models == 5)
    }

    @Test func outputIsDeterministic() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let histories = try sample.catalog.histories(matching: OriginalQuery())
        #expect(PROVDocument(histories: histories).json == PROVDocument(histories: histories.reversed()).json)
    }

    private static func sample() throws -> ([String: Any], SampleCollection) {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        return (try parse(PROVDocument(histories: try sample.catalog.histories(matching: OriginalQuery())).json), sample)
    }

    private static func parse(_ json: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    }
}
