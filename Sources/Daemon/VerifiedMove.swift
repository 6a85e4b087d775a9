import Fixity
import Foundation
import ImageSource
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// Moves a recorded file into a folder without ever replacing a file there, and proves by its SHA-256
/// that the bytes arrived whole before the old name is removed.
///
/// Within one file system the move is a hard link then an unlink, so no moment exists where the file
/// is at neither place and an existing file of the same name is never overwritten (`rename` would
/// replace it). Across file systems the bytes are copied to a temporary name in the destination,
/// flushed to disk, linked to the final name and only then removed from the source.
///
/// A file with more than one name (hard links) is copied, never linked: the archived original must not stay
/// writable through a name outside Conservator's folders. A link is never moved, and a source that is the
/// destination's own directory entry (the same folder reached through a link) is never unlinked.
///
/// The caller records the move (in the catalog) between the two halves: after the bytes are proven at
/// the new name and before the old name goes. A crash at any point therefore leaves the catalog naming a
/// path where the file is: before the record, the old name still holds it (and a later move finds the
/// new name already holding the same bytes, and finishes); after it, the new one does.
enum VerifiedMove {
    /// Why a move did not happen; the source is left where it was in every case.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where a move put the file, and how.
    struct Moved {
        var destination: String
        /// Why the bytes were copied instead of linked, when they were.
        var copiedBecause: String?
    }

    /// Moves `source` into `folder` (created if needed), keeping its name or adding `-1`, `-2`, ... when the
    /// name is taken by other bytes, checks the moved bytes against `sha256`, calls `record` with what was
    /// done, and only then removes the old name. When `record` throws, both names keep the bytes and the
    /// error is rethrown as a failure.
    @discardableResult
    static func move(_ source: String, into folder: String, sha256: String?,
                     record: (Moved) throws -> Void) throws(Failure) -> Moved {
        guard let identity = FileIdentity(path: source), FolderEntry.kind(of: source) == .file else {
            throw Failure(description: "\(source) is not a regular file (a link, or gone); it is not moved")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        let copiedBecause = identity.links > 1
            ? "copied, not linked: the file had \(identity.links) names, and the others would have kept the archived original writable"
            : nil
        let moved = Moved(destination: try place(source, into: folder, sha256: sha256, copy: copiedBecause != nil),
                          copiedBecause: copiedBecause)
        // The one name the file has must not be removed because a link made it look like two.
        guard !isSameEntry(source, moved.destination) else {
            throw Failure(description: "\(source) is \(moved.destination) itself, reached another way; nothing is moved")
        }
        do {
            try record(moved)
        } catch {
            throw Failure(description: "moved \(source) to \(moved.destination) but could not record it (\(error)); "
                + "the file stays at both places until the next attempt")
        }
        // Should the unlink fail, both names hold the same bytes and the recorded path is still right.
        unlink(source)
        return moved
    }

    /// Whether two paths name one directory entry: the same file under the same name in the same folder
    /// (not two hard links, which are two entries).
    private static func isSameEntry(_ a: String, _ b: String) -> Bool {
        let nameA = (a as NSString).lastPathComponent, nameB = (b as NSString).lastPathComponent
        guard nameA == nameB,
              let folderA = FileIdentity(path: (a as NSString).deletingLastPathComponent, followingLinks: true) else {
            return false
        }
        return folderA.isSameFile(as: FileIdentity(path: (b as NSString).deletingLastPathComponent, followingLinks: true))
    }

    /// Puts the bytes of `source` under a name in `folder` and proves them there; `source` is untouched.
    /// With `copy`, a flushed copy is placed even within one file system.
    private static func place(_ source: String, into folder: String, sha256: String?, copy: Bool) throws(Failure) -> String {
        let name = (source as NSString).lastPathComponent
        // What gets linked to the new name: the source itself, or a flushed copy (another file system, or
        // a file with other names).
        var staged: String?
        defer { if let staged { unlink(staged) } }
        if copy { staged = try copyToStaging(source, in: folder) }
        var linked = staged ?? source
        var attempt = 0
        while attempt < 10_000 {
            let destination = folder + "/" + uniqueName(name, attempt)
            if link(linked, destination) == 0 {
                if let sha256, let mismatch = check(destination, sha256: sha256) {
                    unlink(destination)
                    throw Failure(description: "the moved copy at \(destination) \(mismatch); the original stays at \(source)")
                }
                return destination
            }
            switch errno {
            case EEXIST:
                // The same bytes already under this name: a move cut short by a crash (after the link,
                // before the unlink) or an identical file moved before. Finish it instead of adding a copy.
                if let sha256, check(destination, sha256: sha256) == nil { return destination }
                attempt += 1
            case EXDEV where staged == nil:
                staged = try copyToStaging(source, in: folder)
                linked = staged!
            default:
                throw Failure(description: "cannot move \(source) to \(destination): \(String(cString: strerror(errno)))")
            }
        }
        throw Failure(description: "no free name for \(name) in \(folder)")
    }

    private static func uniqueName(_ name: String, _ attempt: Int) -> String {
        guard attempt > 0 else { return name }
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        return ext.isEmpty ? "\(base)-\(attempt)" : "\(base)-\(attempt).\(ext)"
    }

    /// A description of how `path` differs from `sha256`, or `nil` when it matches.
    private static func check(_ path: String, sha256: String) -> String? {
        guard let file = try? MappedFile(path: path) else { return "cannot be read back" }
        let actual = file.withBytes { ContentHash.sha256($0) }
        return actual == sha256 ? nil : "has SHA-256 \(actual), expected \(sha256)"
    }

    /// Removes the temporary copies a move across file systems left in `folder` when the process was
    /// killed mid-copy. They are never recorded anywhere, so nothing refers to them.
    static func removeAbandonedCopies(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(stagingPrefix) { unlink(folder + "/" + name) }
    }

    private static let stagingPrefix = ".conservator-move-"

    /// Copies `source` to a hidden temporary name in `folder`, flushed to disk.
    private static func copyToStaging(_ source: String, in folder: String) throws(Failure) -> String {
        let staging = folder + "/" + stagingPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.copyItem(atPath: source, toPath: staging)
            let fd = open(staging, O_RDONLY)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        } catch {
            unlink(staging)
            throw Failure(description: "cannot copy \(source) into \(folder): \(error.localizedDescription)")
        }
        return staging
    }
}
