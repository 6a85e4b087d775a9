import Catalog
import Foundation
import Hummingbird
import Provenance

/// The files behind catalog objects, by id only — a URL never carries a path: `GET /objects/{id}/file`
/// (the bytes), `/objects/{id}/preview?side=N` (an 8-bit PNG a browser can show, for TIFF masters too),
/// `/objects/{id}/overlay` (a mask as a red see-through PNG sized like the preview) and
/// `/runs/{id}/sidecar`. Each path the catalog records must pass ``FileRoots``; one that does not, or
/// whose file is gone, is a 404 like an unknown id.
struct ObjectFiles: Sendable {
    let catalog: Catalog
    let roots: FileRoots
    static let previewSide = 1600
    static let sides = 32...2048

    func add(to router: RouterGroup<WebContext>) {
        router.get("objects/:id/file") { _, context in
            let (object, path) = try locate(try CatalogID(context))
            let bytes = try read(path)
            let inline = ["png", "jpeg"].contains(object.format ?? "")
            return Response(status: .ok, headers: [
                .contentType: object.mediaType ?? "application/octet-stream",
                .contentDisposition: "\(inline ? "inline" : "attachment"); filename=\"\(Self.safeName(path))\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("objects/:id/preview") { request, context in
            let (_, path) = try locate(try CatalogID(context))
            let requested = Int(FormFields(request.uri.query ?? "")["side"] ?? "") ?? Self.previewSide
            let side = min(max(requested, Self.sides.lowerBound), Self.sides.upperBound)
            return png(try picture { () throws(ExportError) in try Thumbnail.image(atPath: path, maxSide: side) })
        }
        router.get("objects/:id/overlay") { _, context in
            let (object, path) = try locate(try CatalogID(context))
            guard object.kind == .mask else { throw HTTPError(.notFound, message: "Object \(object.id ?? 0) is not a mask.") }
            return png(try picture { () throws(ExportError) in try Thumbnail.maskOverlay(atPath: path, maxSide: Self.previewSide) })
        }
        router.get("runs/:id/sidecar") { _, context in
            let id = try CatalogID(context)
            let run = try id.lookUp { try catalog.runHistory($0) }.run
            guard let path = roots.permitted(run.sidecarPath) else { throw Self.gone }
            return RunPage.download(try read(path), type: "application/json",
                                    name: Self.safeName(path))
        }
    }

    private static let gone = HTTPError(.notFound, message: "The file is not where the catalog says, or lies outside "
                                        + "the folders this server may read.")

    /// The object and the first of its held paths that may be served.
    private func locate(_ id: CatalogID) throws -> (StoredObject, String) {
        let details = try id.lookUp { try catalog.details(of: $0) }
        let held = try catalog.heldPaths(of: id.value)
        guard let path = held.lazy.compactMap(roots.permitted).first else { throw Self.gone }
        return (details.object, path)
    }

    private func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Self.gone }
        return [UInt8](data)
    }

    private func picture(_ make: () throws(ExportError) -> Thumbnail) throws -> Thumbnail {
        do {
            return try make()
        } catch {
            throw HTTPError(.unprocessableContent, message: "No preview: \(error.description)")
        }
    }

    private func png(_ thumbnail: Thumbnail) -> Response {
        Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(bytes: thumbnail.png)))
    }

    /// The file name for a download header: its last component, without quotes or control characters.
    private static func safeName(_ path: String) -> String {
        String(URL(fileURLWithPath: path).lastPathComponent.unicodeScalars.filter {
            $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\"
        }.map(Character.init))
    }
}
