import Catalog
import Foundation
import Hummingbird
import Provenance
import ZIPFoundation

/// `GET /export?<the search's fields>`: the current search's derivatives (and their masks) with their
/// provenance, written by the same ``ProvenanceExport`` as `conservator export` — verified copies,
/// report.csv and report.json, premis.xml, prov.json, mets.xml, index.html, in a BagIt bag — and sent as one
/// ZIP. A file that changed since the catalog recorded it stops the export (409), as it stops the CLI's.
struct ExportDownload: Sendable {
    let catalog: Catalog

    func add(to router: RouterGroup<WebContext>) {
        router.get("export") { request, _ in try export(FormFields(request.uri.query ?? "")) }
    }

    private func export(_ fields: FormFields) throws -> Response {
        let query: OriginalQuery
        do {
            query = try SearchPage.terms(fields).query()
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        guard query.status == .accepted else {
            throw HTTPError(.badRequest, message: "Quarantined files have no derivatives to export.")
        }
        let export = ProvenanceExport(histories: try catalog.histories(matching: query),
                                      options: .init(includeMasks: true, title: "Conservator export"))
        guard !export.histories.isEmpty else { throw HTTPError(.notFound, message: "No derivative matches this search.") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let name = "conservator-export-" + Timestamp.now().filter { $0.isNumber }.prefix(14)
        let folder = work.appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            _ = try export.write(to: folder.path, exportedAt: Timestamp.now())
        } catch let error as ExportError {
            throw HTTPError(.conflict, message: "Nothing exported: \(error.description)")
        }
        let zip = work.appendingPathComponent("\(name).zip")
        try FileManager.default.zipItem(at: folder, to: zip)
        guard let bytes = FileManager.default.contents(atPath: zip.path) else {
            throw HTTPError(.internalServerError)
        }
        return RunPage.download([UInt8](bytes), type: "application/zip", name: "\(name).zip")
    }
}
