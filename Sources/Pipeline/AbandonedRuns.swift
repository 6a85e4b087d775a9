import Catalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What runs cut short by a kill left in a derivatives folder, and their clean-up.
///
/// Only what a run's own staging left is ever deleted: a `.<run>.partial` folder, or a published folder
/// that still holds its staging marker (``StagingMarker``) with nobody holding the marker's lock, naming
/// this catalog, and recorded by no run in it. A finished run folder has no marker and is never touched,
/// whatever the catalog says; a folder whose marker names another catalog is left for that catalog's
/// daemon. A catalog error stops the clean-up: "cannot tell" must never read as "not recorded".
///
/// ```swift
/// for action in try AbandonedRuns.clean(derivatives, catalog: catalog) { log(action) }
/// ```
public enum AbandonedRuns {
    /// What the clean-up did with one folder.
    public enum Action: Sendable, Equatable, CustomStringConvertible {
        /// A partial folder nobody is writing: removed.
        case removedPartial(String)
        /// Published, never recorded, by a process that is gone: removed.
        case removedUnrecorded(String)
        /// Published and recorded, killed before its marker was removed: the marker is removed now.
        case finished(String)
        /// Staged for another catalog: left alone.
        case leftForOtherCatalog(String, catalog: String)

        public var description: String {
            switch self {
            case let .removedPartial(path): "removed \(path), a run folder a stop left unfinished"
            case let .removedUnrecorded(path): "removed \(path), a run published but never recorded before a stop"
            case let .finished(path): "\(path) was recorded before a stop; its staging marker is removed"
            case let .leftForOtherCatalog(path, catalog):
                "left \(path): a run cut short while recording into another catalog (\(catalog))"
            }
        }
    }

    /// A partial folder without a marker is either being created right now or left by a build that wrote
    /// no markers; it is taken as abandoned once it is this old.
    static let unmarkedPartialAge: TimeInterval = 600

    /// Cleans the `<derivatives>/<original id>/` folders of `originals` (all of them when nil: the daemon's
    /// start); returns what it did.
    public static func clean(_ derivatives: String, catalog: Catalog,
                             originals: [Int64]? = nil) throws(PipelineError) -> [Action] {
        let identity = CatalogIdentity.path(of: catalog)
        var actions: [Action] = []
        let folders = originals.map { ids in ids.map(String.init).filter { isRealFolder("\(derivatives)/\($0)") } }
            ?? realFolders(in: derivatives)
        for original in folders {
            guard let sourceID = Int64(original) else { continue }
            let folder = "\(derivatives)/\(original)"
            for run in realFolders(in: folder) {
                let path = "\(folder)/\(run)"
                if run.hasPrefix(".") && run.hasSuffix(removingSuffix) {
                    try? FileManager.default.removeItem(atPath: path)   // a removal a kill cut short
                    continue
                }
                if RunFolder.isPartial(run) {
                    if isAbandonedPartial(path) {
                        remove(path)
                        actions.append(.removedPartial(path))
                    }
                    continue
                }
                guard case let .abandoned(staged) = StagingMarker.state(of: path) else { continue }
                guard staged == identity else {
                    actions.append(.leftForOtherCatalog(path, catalog: staged))
                    continue
                }
                let recorded: [String]
                do {
                    recorded = try catalog.recordedDerivativePaths(ofSource: sourceID)
                } catch {
                    throw .catalog(file: catalog.path, cause: "cannot tell whether \(path) was recorded: \(error)")
                }
                if recorded.contains(where: { $0.hasPrefix(path + "/") }) {
                    unlink("\(path)/\(StagingMarker.fileName)")
                    actions.append(.finished(path))
                } else {
                    remove(path)
                    actions.append(.removedUnrecorded(path))
                }
            }
        }
        return actions
    }

    private static let removingSuffix = ".removing"

    /// Removes a run folder so that a kill midway leaves nothing that looks finished: it is renamed to a
    /// hidden `.removing` name first (a removal that deleted the marker and then stopped would otherwise
    /// leave a published folder without one, which no clean-up may touch), and such names are removed at
    /// the next clean-up whatever is in them.
    private static func remove(_ path: String) {
        let name = (path as NSString).lastPathComponent
        let doomed = (path as NSString).deletingLastPathComponent + "/" + (name.hasPrefix(".") ? name : "." + name)
            + removingSuffix
        guard rename(path, doomed) == 0 else { return }
        try? FileManager.default.removeItem(atPath: doomed)
    }

    private static func isAbandonedPartial(_ path: String) -> Bool {
        switch StagingMarker.state(of: path) {
        case .busy: return false
        case .abandoned: return true
        case .none:
            var status = stat()
            guard lstat(path, &status) == 0 else { return false }
            return Date().timeIntervalSince1970 - TimeInterval(status.st_mtim.tv_sec) > unmarkedPartialAge
        }
    }

    /// The names of the real folders (not links to folders) in `folder`.
    private static func realFolders(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().filter { isRealFolder("\(folder)/\($0)") }
    }

    /// Whether `path` is a folder itself, not a link to one.
    private static func isRealFolder(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}

/// How a run's staging marker names a catalog: its absolute path with links resolved, so two spellings of
/// one file agree.
enum CatalogIdentity {
    static func path(of catalog: Catalog) -> String {
        URL(fileURLWithPath: catalog.path).resolvingSymlinksInPath().path
    }
}
