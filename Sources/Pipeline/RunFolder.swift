import Foundation
import Raster
#if canImport(Glibc)
import Glibc
#endif

/// The folder one run writes into: `<derivatives>/<original id>/<run name>/`, built as a hidden
/// `.<run name>.partial` folder and renamed into place once every file in it is written and synced, so a
/// run's outputs appear together or not at all. A failed run removes its partial folder.
///
/// From creation until the catalog has recorded the run, the folder holds a staging marker
/// (``StagingMarker``) that this process keeps locked. The marker is what lets a later process tell a run
/// cut short by a kill (marker present, lock free) from a finished run (no marker) or from a run another
/// process is writing right now (lock held): clean-up deletes only the first kind (``AbandonedRuns``).
final class RunFolder {
    let parent: String
    let name: String
    private var marker: StagingMarker?

    var partial: String { "\(parent)/.\(name)\(Self.partialSuffix)" }
    var final: String { "\(parent)/\(name)" }

    /// Whether `name`, in an original's folder, is a run folder not yet published (written now, or left by a kill).
    static func isPartial(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(partialSuffix) }
    private static let partialSuffix = ".partial"

    init(parent: String, name: String) {
        self.parent = parent
        self.name = name
    }

    /// Creates the parent folders and the partial folder, which must not exist (run names are unique, and
    /// an existing one belongs to another run in progress), with a locked staging marker naming `catalog`.
    func create(recordingIn catalog: String) throws(PipelineError) {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: false)
        } catch {
            throw .output(file: partial, cause: error.localizedDescription)
        }
        do {
            marker = try StagingMarker.create(in: partial, catalog: catalog)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw .output(file: partial, cause: error.description)
        }
    }

    /// Writes `bytes` as `file` in the partial folder (temporary file, fsync, rename).
    func write(_ bytes: [UInt8], as file: String) throws(PipelineError) {
        do {
            try AtomicFile.replace("\(partial)/\(file)", with: bytes)
        } catch {
            throw .output(file: "\(final)/\(file)", cause: error.description)
        }
    }

    /// Renames the partial folder into place and syncs the parent, so the rename survives a crash. The
    /// staging marker comes along: the run is not finished until the catalog holds it.
    func publish() throws(PipelineError) {
        guard rename(partial, final) == 0 else {
            throw .output(file: final, cause: "cannot rename \(partial): \(String(cString: strerror(errno)))")
        }
        StagingMarker.syncFolder(parent)
    }

    /// Marks the published run finished (the catalog has recorded it): removes the staging marker, after
    /// which no clean-up will ever touch the folder.
    func finish() {
        marker?.remove(from: final)
        marker = nil
    }

    /// Removes whatever the run left, published or not.
    func discard() {
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: final)
        marker?.release()
        marker = nil
    }
}
