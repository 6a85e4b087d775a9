import Foundation

/// Files that have arrived but may still be being written, held until their size and modification time
/// have stayed the same for the stability window.
///
/// Some writers close and reopen a file several times (SMB and NFS clients, scanner software writing a
/// preview first), so one close event does not prove a file is finished. Ingesting a half-written scan
/// would record the wrong bytes as the original; waiting a little costs nothing.
struct ArrivalWindow {
    private struct Sighting {
        var size: Int64
        var modified: Date
        var unchangedSince: Date
    }

    /// Seconds a file must stay unchanged.
    let seconds: Double
    private var pending: [String: Sighting] = [:]

    init(seconds: Double) {
        self.seconds = seconds
    }

    /// Whether no file is waiting.
    var isEmpty: Bool { pending.isEmpty }

    /// Notes that `path` was written or appeared at `now`.
    mutating func saw(_ path: String, at now: Date = Date()) {
        guard let (size, modified) = Self.stat(path) else { return }
        if let known = pending[path], known.size == size, known.modified == modified { return }
        pending[path] = Sighting(size: size, modified: modified, unchangedSince: now)
    }

    /// The files that have been unchanged for the window, oldest first; they leave the window. Files
    /// that vanished are dropped; files that changed start their wait again.
    mutating func takeSettled(at now: Date = Date()) -> [String] {
        var settled: [(String, Date)] = []
        for (path, sighting) in pending {
            guard let (size, modified) = Self.stat(path) else {
                pending[path] = nil
                continue
            }
            if size != sighting.size || modified != sighting.modified {
                pending[path] = Sighting(size: size, modified: modified, unchangedSince: now)
            } else if now.timeIntervalSince(sighting.unchangedSince) >= seconds
                        // A file last modified longer ago than the window (found by the start-up scan)
                        // is settled at once.
                        || now.timeIntervalSince(modified) >= seconds {
                settled.append((path, sighting.unchangedSince))
                pending[path] = nil
            }
        }
        return settled.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// Seconds until the next file could settle, for sleeping; `nil` when nothing waits.
    func secondsToNextSettle(at now: Date = Date()) -> Double? {
        pending.values.map { max(0, seconds - now.timeIntervalSince($0.unchangedSince)) }.min()
    }

    private static func stat(_ path: String) -> (Int64, Date)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int64 ?? (attributes[.size] as? Int).map(Int64.init),
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified)
    }
}
