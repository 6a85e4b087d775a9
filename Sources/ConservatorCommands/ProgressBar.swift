import Foundation

/// A one-line progress bar on standard error, drawn only when the console draws progress (standard error
/// is a terminal) and only for runs long enough to need one.
struct ProgressBar {
    private let enabled: Bool
    private let label: String
    /// Taken when the bar is made: a service may report progress from a thread the task-local is not bound on.
    private let console = Console.current
    private var lastDrawn = Date.distantPast

    init(label: String, total: Int, minimumTotal: Int = 20) {
        self.label = label
        enabled = console.drawsProgress && total >= minimumTotal
    }

    /// Redraws at most ten times a second, and always at the end.
    mutating func update(done: Int, total: Int, note: String = "") {
        guard enabled else { return }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = now
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var line = "\r\(label) [\(bar)] \(done)/\(total) \(note)"
        if done == total { line += "\n" }
        console.errors(Array(line.utf8))
    }
}
