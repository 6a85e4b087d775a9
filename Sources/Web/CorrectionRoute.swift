import Catalog
import Dispatch
import Hummingbird
import Pipeline

/// `POST /runs/{id}/correct?step=K[&reason=…]`, for curators: the body is a PNG mask the curator painted
/// over step `K`'s mask in the run page's editor (`static/mask-editor.js`), sent with the CSRF token in
/// the `X-CSRF-Token` header. The run's pipeline runs again with that mask in place of the step's own
/// (``RunCorrection``); the new run supersedes the old one, and the answer is a redirect to it.
///
/// Answers: 303 to the new run; 400 a body that is not a PNG of the original's size; 403 no curator or
/// no token; 404 an unknown run or step; 409 a run already superseded, approved, needing no review, whose
/// pipeline changed or whose step makes no mask; 413 a body over ``maxMaskBytes``; 503 a server started
/// without the derivatives folder, or where the pipeline or its models are missing.
struct CorrectionRoute: Sendable {
    let catalog: Catalog
    let correction: RunCorrection?
    /// A 100-megapixel scan's mask, painted in a browser, compresses far below this (it is mostly black).
    static let maxMaskBytes = 32 << 20

    func add(to router: RouterGroup<WebContext>) {
        router.post("runs/:id/correct") { request, context in try await correct(request, context) }
    }

    private func correct(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = try CatalogID(context)
        guard let person = context.identity?.name else { throw HTTPError(.unauthorized) }
        let query = FormFields(request.uri.query ?? "")
        let history = try id.lookUp { try catalog.runHistory($0) }
        guard let step = query["step"].flatMap(Int.init), history.steps.contains(where: { $0.step.position == step }) else {
            throw HTTPError(.notFound, message: "Run \(id.value) has no such step.")
        }
        do {
            _ = try catalog.correctableRun(id.value)
        } catch let error as CatalogError {
            throw HTTPError(.conflict, message: error.description)
        }
        guard let correction else {
            throw HTTPError(.serviceUnavailable, message: "This server cannot re-run pipelines: it was started "
                            + "without a derivatives folder (serve --derivatives, or a configuration).")
        }
        // read chunk by chunk, refusing once over the limit (a 413 page, not the body reader's own error)
        var body: [UInt8] = []
        for try await chunk in request.body {
            guard body.count + chunk.readableBytes <= Self.maxMaskBytes else {
                throw HTTPError(.contentTooLarge, message: "The mask is larger than \(Self.maxMaskBytes >> 20) MiB.")
            }
            body += chunk.readableBytesView
        }
        let mask = body
        let reason = query["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let report: RunReport
        do throws(CorrectionError) {
            report = try await Self.offloaded { () throws(CorrectionError) -> RunReport in
                try correction.correct(run: id.value, step: step, mask: mask, person: person,
                                       reason: reason.isEmpty ? "the mask of step \(step) was corrected" : reason)
            }
        } catch {
            throw Self.answer(to: error)
        }
        context.logger.notice("correction", metadata: ["run": "\(id.value)", "step": "\(step)",
                                                       "new-run": "\(report.runID)", "person": "\(person)"])
        return Response(status: .seeOther, headers: [.location: "/runs/\(report.runID)"])
    }

    /// The HTTP answer to a refused correction; a failed re-run is left to ``ErrorPages`` (logged, 500).
    static func answer(to error: CorrectionError) -> any Error {
        let status: HTTPResponse.Status
        switch error {
        case .unknownRun, .unknownStep: status = .notFound
        case .badMask: status = .badRequest
        case .alreadySuperseded, .notCorrectable: status = .conflict
        case .unavailable: status = .serviceUnavailable
        case .failed: return error
        }
        return HTTPError(status, message: error.description)
    }

    /// Runs the pipeline on a dispatch thread: it computes for seconds to minutes, which must not hold one
    /// of the few threads that serve every other request.
    private static func offloaded(_ work: @escaping @Sendable () throws(CorrectionError) -> RunReport)
        async throws(CorrectionError) -> RunReport {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<RunReport, CorrectionError>, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}
