import Catalog
import Foundation
import Installation
import Metadata

/// `mets.xml` of an export: the METS 1.12 document a repository's ingest (Archivematica, Preservica, a
/// DSpace or Fedora import) reads to learn what the package holds and how its files belong together.
///
/// - `metsHdr`: when, by which software, for which institution (custodian);
/// - `amdSec`: one `techMD` per catalogued file holding its PREMIS object (fixity, size, format with its PRONOM
///   identifier), the institution's rights statement as `rightsMD`, and the whole PREMIS document (events,
///   agents, derivations) as `digiprovMD`;
/// - `fileSec`: a `fileGrp` per use (original, derivative, access copy, mask, provenance sidecar), each file with
///   its SHA-256, size, media type and its path in the payload;
/// - `structMap`: one `div` per original, holding its derivatives, each with its access copy, sidecar and masks.
///
/// Like the other reports, the document depends only on its inputs, so the same export gives the same bytes.
struct METSDocument {
    let histories: [ImageHistory]
    let files: [ExportedFile]
    let premis: PREMISDocument
    let title: String
    let exportedAt: String
    let institution: Institution?

    static let namespace = "http://www.loc.gov/METS/"
    static let xlink = "http://www.w3.org/1999/xlink"

    var xml: String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<mets:mets xmlns:mets=\"\(Self.namespace)\" xmlns:xlink=\"\(Self.xlink)\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xsi:schemaLocation=\"\(Self.namespace) http://www.loc.gov/standards/mets/mets.xsd\" "
            + "LABEL=\"\(XMLText.escaped(title))\" TYPE=\"Conservator export\">\n"
        text += header + administrative + fileSection + structure
        text += "</mets:mets>\n"
        return text
    }

    private var header: String {
        var text = "  <mets:metsHdr CREATEDATE=\"\(XMLText.escaped(exportedAt))\">\n"
        if let institution {
            text += "    <mets:agent ROLE=\"CUSTODIAN\" TYPE=\"ORGANIZATION\">\n"
                + "      <mets:name>\(XMLText.escaped(institution.name))</mets:name>\n"
                + (institution.identifier.map { "      <mets:note>identifier \(XMLText.escaped($0))</mets:note>\n" } ?? "")
                + "    </mets:agent>\n"
        }
        let commit = Software.commit.isEmpty ? "" : " (git \(Software.commit))"
        text += "    <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\">\n"
            + "      <mets:name>\(XMLText.escaped("\(Software.name) \(Software.version)\(commit)"))</mets:name>\n"
            + "    </mets:agent>\n"
        return text + "  </mets:metsHdr>\n"
    }

    private var administrative: String {
        var text = "  <mets:amdSec ID=\"amd\">\n"
        let objects = premis.objectElements
        for id in Set(files.compactMap(\.objectID)).sorted() {
            guard let object = objects[id] else { continue }
            text += "    <mets:techMD ID=\"\(Self.techID(id))\">\n"
                + "      <mets:mdWrap MDTYPE=\"PREMIS:OBJECT\" MIMETYPE=\"text/xml\">\n        <mets:xmlData>\n"
                + Self.line(object) + "        </mets:xmlData>\n      </mets:mdWrap>\n    </mets:techMD>\n"
        }
        if let rights = institution?.rightsStatement {
            text += "    <mets:rightsMD ID=\"rights\">\n"
                + "      <mets:mdRef LOCTYPE=\"URL\" MDTYPE=\"OTHER\" OTHERMDTYPE=\"RightsStatement\" xlink:href=\"\(XMLText.escaped(rights))\"/>\n"
                + "    </mets:rightsMD>\n"
        }
        // the PREMIS document as written to premis.xml, without its XML declaration and comment
        let document = premis.xml.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("<premis:premis") }.joined(separator: "\n")
        text += "    <mets:digiprovMD ID=\"premis\">\n"
            + "      <mets:mdWrap MDTYPE=\"PREMIS\" MIMETYPE=\"text/xml\">\n        <mets:xmlData>\n"
            + Self.line(document) + "        </mets:xmlData>\n      </mets:mdWrap>\n    </mets:digiprovMD>\n"
        return text + "  </mets:amdSec>\n"
    }

    private var fileSection: String {
        var text = "  <mets:fileSec>\n"
        for use in ExportedFile.Use.allCases {
            let group = files.enumerated().filter { $0.element.use == use }
            guard !group.isEmpty else { continue }
            text += "    <mets:fileGrp USE=\"\(use.rawValue)\">\n"
            for (index, file) in group {
                var admin = ["premis"]
                if let id = file.objectID { admin.insert(Self.techID(id), at: 0) }
                if institution?.rightsStatement != nil { admin.append("rights") }
                text += "      <mets:file ID=\"\(Self.fileID(index))\" MIMETYPE=\"\(XMLText.escaped(file.mediaType))\" "
                    + "SIZE=\"\(file.size)\" CHECKSUM=\"\(file.sha256)\" CHECKSUMTYPE=\"SHA-256\" ADMID=\"\(admin.joined(separator: " "))\">\n"
                    + "        <mets:FLocat LOCTYPE=\"URL\" xlink:href=\"\(XMLText.escaped(Self.href(file.relative)))\"/>\n"
                    + "      </mets:file>\n"
            }
            text += "    </mets:fileGrp>\n"
        }
        return text + "  </mets:fileSec>\n"
    }

    private var structure: String {
        var text = "  <mets:structMap TYPE=\"logical\">\n"
        text += "    <mets:div TYPE=\"export\" LABEL=\"\(XMLText.escaped(title))\">\n"
        for (order, history) in histories.enumerated() {
            let originalID = history.original.object.id ?? 0
            text += "      <mets:div TYPE=\"original\" ORDER=\"\(order + 1)\" LABEL=\"original \(originalID)\">\n"
            text += pointers(files.enumerated().filter { $0.element.use == .original && $0.element.objectID == originalID }, depth: 8)
            for run in history.runs {
                let derivativeID = run.derivative.object.id ?? 0
                let masks = Set(run.steps.compactMap { $0.mask?.object.id })
                let own = files.enumerated().filter {
                    $0.element.derivativeID == derivativeID || ($0.element.use == .mask && masks.contains($0.element.objectID ?? 0))
                }
                text += "        <mets:div TYPE=\"derivative\" LABEL=\"derivative \(derivativeID) (run \(run.run.id ?? 0))\">\n"
                text += pointers(own, depth: 10)
                text += "        </mets:div>\n"
            }
            text += "      </mets:div>\n"
        }
        return text + "    </mets:div>\n  </mets:structMap>\n"
    }

    private func pointers(_ files: [(offset: Int, element: ExportedFile)], depth: Int) -> String {
        files.map { "\(String(repeating: " ", count: depth))<mets:fptr FILEID=\"\(Self.fileID($0.offset))\"/>\n" }.joined()
    }

    private static func fileID(_ index: Int) -> String { "file-\(index + 1)" }
    private static func techID(_ objectID: Int64) -> String { "object-\(objectID)" }

    /// A payload path as a relative URL: each segment percent-encoded, so names with spaces stay links.
    private static func href(_ relative: String) -> String {
        relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative
    }

    /// Embedded XML as it is (indenting it would change the text of elements whose value spans lines), ending
    /// in one line break.
    private static func line(_ xml: String) -> String {
        xml.hasSuffix("\n") ? xml : xml + "\n"
    }
}
