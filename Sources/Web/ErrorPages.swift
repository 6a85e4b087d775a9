import Hummingbird

/// Renders a refused or failed request as a page (status, what went wrong, a way on) instead of
/// Hummingbird's JSON error body; an unexpected error is logged and shown as a plain 500 without its
/// details, which may name files.
struct ErrorPages: RouterMiddleware {
    let pages: Pages

    func handle(_ request: Request, context: WebContext,
                next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return page(error.status, error.body ?? error.status.reasonPhrase, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return page(.internalServerError, "Something went wrong; the server's log says what.", context: context)
        }
    }

    private func page(_ status: HTTPResponse.Status, _ message: String, context: WebContext) -> Response {
        struct Model {
            var frame: Frame
            var status: Int
            var message: String
            var signIn: Bool
        }
        return pages.render("error", Model(frame: Frame(title: "\(status.code) \(status.reasonPhrase)", context: context),
                                           status: status.code, message: message, signIn: status == .unauthorized),
                            status: status)
    }
}
