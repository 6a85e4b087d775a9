import Catalog
import Hummingbird

/// `GET /`: how the collection and the work on it stand — originals, runs by review state, the review
/// queue, quarantined files with their reasons, the daemon's unfinished jobs and recent problems.
struct DashboardPage: Sendable {
    let catalog: Catalog
    let pages: Pages
    /// How many rows each list shows.
    static let listLength = 50

    func add(to router: RouterGroup<WebContext>) {
        router.get("/") { _, context in try render(context) }
    }

    private func render(_ context: WebContext) throws -> Response {
        struct Count { var name: String; var count: Int }
        struct QueueRow { var run: Int64; var original: Int64; var pipeline: String; var endedAt: String; var invented: String }
        struct Quarantined { var id: Int64; var path: String; var reason: String; var recordedAt: String }
        struct Job { var id: Int64; var object: Int64; var pipeline: String; var state: String; var attempts: Int; var error: String?; var updatedAt: String }
        struct Problem { var object: Int64; var path: String; var detail: String; var occurredAt: String }
        struct Model {
            var frame: Frame
            var originals: Int
            var quarantinedCount: Int
            var jobCounts: [Count]
            var reviewStates: [Count]
            var queue: [QueueRow]
            var quarantined: [Quarantined]
            var jobs: [Job]
            var problems: [Problem]
        }
        let status = try catalog.status()
        let states = try catalog.runCountsByReviewState()
        // the newest quarantined files: the last page of a query in id order (status counts the same rows)
        let quarantined = try catalog.originals(matching: OriginalQuery(status: .quarantined), limit: Self.listLength,
                                                offset: max(0, status.quarantined - Self.listLength))
        let model = Model(
            frame: Frame(title: "Dashboard", context: context),
            originals: status.originals, quarantinedCount: status.quarantined,
            jobCounts: [Count(name: "queued", count: status.queued), Count(name: "running", count: status.running),
                        Count(name: "failed", count: status.failed), Count(name: "done", count: status.done)],
            reviewStates: states.sorted { $0.key < $1.key }.map { Count(name: $0.key, count: $0.value) },
            queue: try catalog.runs(inReviewState: .proposed, limit: Self.listLength).map {
                QueueRow(run: $0.runID, original: $0.originalID, pipeline: $0.pipeline, endedAt: $0.endedAt,
                         invented: Percent.text($0.inventedFraction))
            },
            quarantined: quarantined.reversed().map {
                Quarantined(id: $0.object.id ?? 0, path: $0.paths.last ?? "", reason: $0.object.quarantineReason ?? "",
                            recordedAt: $0.object.createdAt)
            },
            jobs: try catalog.unfinishedJobs(limit: Self.listLength).map {
                Job(id: $0.id, object: $0.objectID, pipeline: $0.pipeline, state: $0.state, attempts: $0.attempts,
                    error: $0.lastError, updatedAt: $0.updatedAt)
            },
            problems: status.recentProblems.map {
                Problem(object: $0.objectId, path: $0.path ?? "", detail: $0.detail, occurredAt: $0.occurredAt)
            })
        return pages.render("dashboard", model)
    }
}

/// A fraction as the pages show it: `3.20%`, or `—` when it was not measured.
enum Percent {
    static func text(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
    }
}
