import Foundation
import Raster

/// The folder one run writes into: `<derivatives>/<original id>/<run name>/`, built as a hidden
/// `.<run name>.partial` folder and renamed into place once every file in it is written and synced, so a
/// run's outputs appear together or not at all. A failed run removes its partial folder.
struct RunFolder {
    let parent: String
    let name: String

    var partial: String { "\(parent)/.\(name).partial" }
    var final: String { "\(parent)/\(name)" }

    /// Creates the parent folders and the partial folder, which must not exist: run names are unique, and
    /// an existing one belongs to another run in progress.
    func create() throws(PipelineError) {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: false)
        } catch {
            throw .output(file: partial, cause: error.localizedDescription)
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

    /// Renames the partial folder into place and syncs the parent, so the rename survives a crash.
    func publish() throws(PipelineError) {
        guard rename(partial, final) == 0 else {
            throw .output(file: final, cause: "cannot rename \(partial): \(String(cString: strerror(errno)))")
        }
        let fd = open(parent, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        fsync(fd)
    }

    /// Removes whatever the run left, published or not.
    func discard() {
        try? FileManager.default.removeItem(atPath: partial)
        try? FileManager.default.removeItem(atPath: final)
    }
}
