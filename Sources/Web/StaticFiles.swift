import Foundation
import Hummingbird

/// `GET /static/{name}`: the style sheet and scripts of `static/` in the assets folder, read once at
/// start. Only those names exist; nothing else on disk is reachable through this route.
struct StaticFiles: Sendable {
    private let files: [String: (type: String, bytes: [UInt8])]

    init(assets: URL) throws {
        let folder = assets.appendingPathComponent("static")
        var files: [String: (String, [UInt8])] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            guard let type = types[URL(fileURLWithPath: name).pathExtension],
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            files[name] = (type, [UInt8](data))
        }
        guard !files.isEmpty else { throw WebError.missingAssets(folder: folder.path) }
        self.files = files
    }

    func add(to router: Router<WebContext>) {
        router.get("static/:name") { _, context in
            guard let name = context.parameters.get("name"), let file = files[name] else {
                throw HTTPError(.notFound)
            }
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}
