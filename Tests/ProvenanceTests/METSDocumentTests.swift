import Catalog
import CatalogFixtures
import Foundation
import Installation
import Provenance
import Testing

/// `mets.xml` of a whole export, validated with xmllint against the committed METS 1.12.1 schema.
@Suite struct METSDocumentTests {
    @Test func theExportsMETSValidatesAndListsEveryPayloadFile() throws {
        let (mets, payload) = try Self.export()
        let result = try ExternalTools.validateMETS(mets)
        #expect(result.status == 0, "xmllint: \(result.output)")
        // every payload file but the reports is in the fileSec, once, with its checksum
        for file in payload where file.contains("/") {
            #expect(Self.count("xlink:href=\"\(file)\"", in: mets) == 1, "\(file)")
        }
        for use in ["original", "derivative", "access copy", "mask", "provenance sidecar"] {
            #expect(mets.contains("<mets:fileGrp USE=\"\(use)\">"), "\(use)")
        }
        #expect(Self.count("<mets:file ", in: mets) == payload.filter { $0.contains("/") }.count)
        #expect(Self.count("<mets:div TYPE=\"original\"", in: mets) == 4)
        #expect(Self.count("<mets:div TYPE=\"derivative\"", in: mets) == 4)
        #expect(mets.contains("CHECKSUMTYPE=\"SHA-256\""))
    }

    @Test func premisAndPRONOMAndTheInstitutionAreInIt() throws {
        let (mets, _) = try Self.export()
        #expect(mets.contains("<mets:mdWrap MDTYPE=\"PREMIS\" MIMETYPE=\"text/xml\">"))
        #expect(mets.contains("<premis:premis "))
        // each catalogued file's techMD holds its PREMIS object, with its PRONOM identifier
        #expect(mets.contains("<mets:mdWrap MDTYPE=\"PREMIS:OBJECT\""))
        #expect(mets.contains("<premis:formatRegistryName>PRONOM</premis:formatRegistryName>"))
        #expect(mets.contains("<premis:formatRegistryKey>fmt/353</premis:formatRegistryKey>"))
        #expect(mets.contains("<mets:agent ROLE=\"CUSTODIAN\" TYPE=\"ORGANIZATION\">"))
        #expect(mets.contains("<mets:name>Stadtmuseum Beispielstadt</mets:name>"))
        #expect(mets.contains("xlink:href=\"http://rightsstatements.org/vocab/InC/1.0/\""))
    }

    @Test func aBrokenDocumentFailsValidation() throws {
        let (mets, _) = try Self.export()
        let broken = mets.replacingOccurrences(of: "<mets:structMap TYPE=\"logical\">", with: "<mets:structMap TYPE=\"logical\"><mets:page/>")
        let result = try ExternalTools.validateMETS(broken)
        #expect(result.status == 3, "xmllint exits 3 when a well-formed document breaks the schema: \(result.output)")
        #expect(result.output.contains("page"))
    }

    /// Exports the sample collection with originals, masks and an institution; `mets.xml` and the payload's files.
    private static func export() throws -> (String, [String]) {
        let sample = try SampleCollection.make()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let bag = sample.directory.appendingPathComponent("export")
        _ = try ProvenanceExport(histories: try sample.catalog.histories(matching: OriginalQuery()), options: .init(
            includeOriginals: true, includeMasks: true,
            institution: Institution(name: "Stadtmuseum Beispielstadt", identifier: "DE-MUS-123456",
                                     rightsStatement: "http://rightsstatements.org/vocab/InC/1.0/")))
            .write(to: bag.path, exportedAt: "2026-11-25T12:00:00.000Z")
        let data = bag.appendingPathComponent("data")
        let mets = try String(contentsOf: data.appendingPathComponent("mets.xml"), encoding: .utf8)
        let payload = try FileManager.default.subpathsOfDirectory(atPath: data.path).filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: data.appendingPathComponent($0).path, isDirectory: &folder) && !folder.boolValue
        }
        return (mets, payload)
    }

    private static func count(_ text: String, in xml: String) -> Int { xml.components(separatedBy: text).count - 1 }
}
