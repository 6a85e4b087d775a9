import Foundation
import Hummingbird
import Mustache

/// The page templates (`templates/*.mustache` in the assets folder), loaded once at start, and the
/// rendering of a page model into an HTML response. Templates escape every `{{value}}`; none uses the
/// unescaped `{{{ }}}` form, so catalog text (file names, tags, reasons) can never become markup.
struct Pages: Sendable {
    private let library: MustacheLibrary

    /// Loads every template; fails when the folder is missing or a template does not parse.
    init(assets: URL) async throws {
        let folder = assets.appendingPathComponent("templates")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("layout-top.mustache").path) else {
            throw WebError.missingAssets(folder: folder.path)
        }
        library = try await MustacheLibrary(directory: folder.path)
    }

    /// `template` rendered with `model`, as an HTML response.
    func render(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(model, withTemplate: template) ?? "template \(template) is missing"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The part of every page around its content: who is signed in, and the token the sign-out form carries.
struct Frame {
    var title: String
    var user: String?
    var role: String?
    var csrf: String
    var isCurator: Bool
    var isAdmin: Bool

    init(title: String, context: WebContext) {
        self.title = title
        user = context.identity?.name
        role = context.identity?.role.rawValue
        csrf = context.csrfToken
        isCurator = (context.identity?.role ?? .viewer) >= .curator
        isAdmin = context.identity?.role == .admin
    }
}
