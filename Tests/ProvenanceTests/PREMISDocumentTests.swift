import Catalog
import CatalogFixtures
import Foundation
import Installation
import Provenance
import Testing

@Suite struct PREMISDocumentTests {
    @Test func sampleDocumentValidatesAgainstThePREMIS3Schema() throws {
        let document = try Self.sampleDocument()
        let result = try PREMISSchema.validate(document.xml)
        #expect(result.status == 0, "xmllint: \(result.errors)")
    }

    @Test func documentHasOneObjectPerFileAndOneEventPerCatalogEvent() throws {
        let histories = try Self.sampleHistories()
        let xml = PREMISDocument(histories: histories, exportedAt: "2026-11-25T08:00:00.000Z").xml
        let runs = histories.flatMap(\.runs)
        let masks = runs.flatMap(\.steps).compactMap(\.mask)
        let files = histories.map(\.original) + runs.map(\.derivative) + masks
        let agents = Set((runs.flatMap { [$0.software, $0.pipeline] + $0.models }
            + files.flatMap(\.events).flatMap(\.agents).map(\.agent)).map(\.id))
        #expect((runs.count, masks.count, histories.count) == (4, 1, 5))
        #expect(Self.count("<premis:object ", in: xml) == 10)
        #expect(Self.count("<premis:event>", in: xml) == files.flatMap(\.events).count)
        // 3 ingest events per original, 4 derivative and 1 mask creations, 6 pixel-altering steps.
        #expect(Self.count("<premis:event>", in: xml) == 15 + 5 + 6)
        #expect(Self.count("<premis:agent>", in: xml) == agents.count)
        #expect(agents.count == 11)  // 2 software records (ingest, runs), 4 pipelines, 5 models
        #expect(xml.contains("<premis:agentNote>git commit abc1234</premis:agentNote>"))
        #expect(xml.contains("valueURI=\"http://id.loc.gov/vocabulary/preservation/eventType/cre\">creation</premis:eventType>"))
    }

    @Test func derivativeIsDerivedFromItsOriginal() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let xml = PREMISDocument(histories: try sample.catalog.histories(matching: OriginalQuery()), exportedAt: "now").xml
        let derivative = try #require(sample.derivatives["repaired"])
        let original = try #require(sample.ids["repaired"])
        let object = try #require(Self.object(derivative, in: xml))
        #expect(object.contains("valueURI=\"http://id.loc.gov/vocabulary/preservation/relationshipType/der\">derivation<"))
        #expect(object.contains("valueURI=\"http://id.loc.gov/vocabulary/preservation/relationshipSubType/hss\">has source<"))
        #expect(object.contains("<premis:relatedObjectIdentifierValue>conservator:object:\(original)</premis:relatedObjectIdentifierValue>"))
        #expect(object.contains("<premis:relatedEventIdentifierValue>conservator:event:"))
        #expect(Self.object(original, in: xml)?.contains("<premis:relationship>") == false)
    }

    /// Each file's PRONOM identifier is a `formatRegistry` entry; the institution is an organization agent; the
    /// document still validates.
    @Test func formatsCarryTheirPRONOMIdentifierAndTheInstitutionIsAnAgent() throws {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let institution = Institution(name: "Stadtmuseum Beispielstadt", identifier: "DE-MUS-123456")
        let xml = PREMISDocument(histories: try sample.catalog.histories(matching: OriginalQuery()), exportedAt: "now",
                                 institution: institution).xml
        let scan = try #require(Self.object(sample.ids["repaired"]!, in: xml))
        #expect(scan.contains("<premis:formatRegistryName>PRONOM</premis:formatRegistryName>"))
        #expect(scan.contains("<premis:formatRegistryKey>fmt/353</premis:formatRegistryKey>"))
        #expect(Self.object(sample.ids["colorized"]!, in: xml)?.contains("<premis:formatRegistryKey>fmt/") == true)
        #expect(Self.object(sample.ids["old-model"]!, in: xml)?.contains("<premis:formatRegistryKey>fmt/43</premis:formatRegistryKey>") == true)
        #expect(xml.contains("<premis:agentName>Stadtmuseum Beispielstadt</premis:agentName>"))
        #expect(xml.contains("<premis:agentIdentifierValue>DE-MUS-123456</premis:agentIdentifierValue>"))
        let result = try PREMISSchema.validate(xml)
        #expect(result.status == 0, "xmllint: \(result.errors)")
    }

    @Test func invalidDocumentFailsValidation() throws {
        let xml = try Self.sampleDocument().xml
        let unknown = xml.replacingOccurrences(
            of: "<premis:eventOutcomeInformation>",
            with: "<premis:eventOutcomeInformation><premis:eventResult>done</premis:eventResult>")
        let result = try PREMISSchema.validate(unknown)
        #expect(result.status == 3, "xmllint exits 3 when a well-formed document breaks the schema")
        #expect(result.errors.contains("eventResult"))
    }

    @Test func markupInEventTextIsEscaped() throws {
        var histories = try Self.sampleHistories()
        histories[0].original.events[0].event.detail = #"received <scan> & "kept" 'as is'"#
        let xml = PREMISDocument(histories: histories, exportedAt: "2026-11-25T08:00:00.000Z").xml
        #expect(xml.contains("<premis:eventDetail>received &lt;scan&gt; &amp; &quot;kept&quot; &apos;as is&apos;</premis:eventDetail>"))
        let result = try PREMISSchema.validate(xml)
        #expect(result.status == 0, "xmllint: \(result.errors)")
    }

    @Test func outputIsDeterministic() throws {
        let histories = try Self.sampleHistories()
        #expect(PREMISDocument(histories: histories, exportedAt: "t").xml
            == PREMISDocument(histories: histories.reversed(), exportedAt: "t").xml)
    }

    private static func sampleHistories() throws -> [ImageHistory] {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        return try sample.catalog.histories(matching: OriginalQuery())
    }

    private static func sampleDocument() throws -> PREMISDocument {
        PREMISDocument(histories: try sampleHistories(), exportedAt: "2026-11-25T08:00:00.000Z")
    }

    /// The `<premis:object>` element whose local identifier is `id`.
    private static func object(_ id: Int64, in xml: String) -> String? {
        xml.components(separatedBy: "</premis:object>").dropLast()
            .first { $0.contains("<premis:objectIdentifierValue>conservator:object:\(id)</premis:objectIdentifierValue>") }
    }

    private static func count(_ text: String, in xml: String) -> Int { xml.components(separatedBy: text).count - 1 }
}
