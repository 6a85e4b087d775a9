import Foundation
import Restoration

/// The line a terminal shows while `process` works: which original of how many, which stage, how much of
/// that stage is done and about how long it has left — so a 40-second run on a large scan is not silent
/// until each stage ends. Drawn on standard error, and only when the console draws progress (a terminal);
/// nothing at all otherwise, nor with `--json`.
///
/// The estimate is the stage's own pace so far: elapsed × (1 − done) / done, shown once a stage is 2 %
/// done and a second old (earlier figures swing too much to help).
final class RunProgressLine: @unchecked Sendable {
    private let console = Console.current
    private let enabled: Bool
    private let now: @Sendable () -> Date
    /// Guards everything below: a stage may report from the thread it runs on.
    private let lock = NSLock()
    private var original = ""
    private var stageStarted = Date.distantPast
    private var lastDrawn = Date.distantPast
    private var showing = false

    init(enabled: Bool, now: @escaping @Sendable () -> Date = { Date() }) {
        self.enabled = enabled && console.drawsProgress
        self.now = now
    }

    /// The original about to be processed, `index` from 0.
    func begin(_ reference: String, index: Int, of count: Int) {
        lock.withLock { original = count > 1 ? "[\(index + 1)/\(count)] \(reference)" : reference }
    }

    /// What the chain reports; a stage's start and end are always drawn, the rest at most ten times a second.
    func report(_ place: StageChain.ChainPlace, _ fraction: Double) {
        guard enabled else { return }
        lock.withLock {
            let time = now()
            if fraction == 0 { stageStarted = time }
            guard fraction == 0 || fraction >= 1 || time.timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = time
            var line = "\(original) · \(place.stage) (stage \(place.position + 1)/\(place.count)) "
                + String(format: "%3.0f%%", fraction * 100)
            let elapsed = time.timeIntervalSince(stageStarted)
            if fraction >= 0.02, fraction < 1, elapsed >= 1 {
                line += " · about \(Self.duration(elapsed * (1 - fraction) / fraction)) left"
            }
            draw(line)
        }
    }

    /// Erases the line, so that the run's own text starts on a clean line.
    func clear() {
        guard enabled else { return }
        lock.withLock {
            guard showing else { return }
            console.errors(Array("\r\u{1B}[K".utf8))
            showing = false
        }
    }

    private func draw(_ line: String) {
        console.errors(Array("\r\u{1B}[K\(line)".utf8))
        showing = true
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(String(format: "%02d", whole % 60)) s"
    }
}
