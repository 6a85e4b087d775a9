import Catalog
import Fixity
import Foundation
import ImageSource

/// Makes absolute the paths that runs recorded relative to the folder `process` was run from, before it
/// stored absolute ones (issue 22, defect 1): `conservator init` runs it after migrating. The folder they
/// were relative to was never recorded, so each file is looked for under the catalog's folder and each of
/// its parents, then the current folder, and a path is taken only where a file with the recorded SHA-256
/// is. A path no candidate holds stays as it was and is counted; `conservator verify` says what happened
/// to its file.
public enum RelativePathRepair {
    public struct Outcome: Sendable, Equatable {
        public var repaired = 0
        public var notFound = 0

        public init(repaired: Int = 0, notFound: Int = 0) {
            self.repaired = repaired
            self.notFound = notFound
        }
    }

    public static func run(on catalog: Catalog,
                           currentFolder: String = FileManager.default.currentDirectoryPath) throws -> Outcome {
        let relative = try catalog.relativePaths()
        guard !relative.isEmpty else { return Outcome() }
        let bases = candidateBases(catalogPath: catalog.path, currentFolder: currentFolder)
        var found: [(Catalog.RelativePath, absolute: String)] = []
        for entry in relative {
            // a path that climbs out ("../x") cannot be checked to end in what was recorded
            guard !entry.path.split(separator: "/").contains("..") else { continue }
            if let absolute = bases.lazy.map({ URL(fileURLWithPath: entry.path, relativeTo: URL(fileURLWithPath: $0, isDirectory: true))
                .standardizedFileURL.path }).first(where: { holds($0, sha256: entry.sha256) }) {
                found.append((entry, absolute))
            }
        }
        if !found.isEmpty { try catalog.recordAbsolutePaths(found) }
        return Outcome(repaired: found.count, notFound: relative.count - found.count)
    }

    /// The catalog's folder and its parents, nearest first, then the current folder.
    static func candidateBases(catalogPath: String, currentFolder: String) -> [String] {
        var bases: [String] = []
        var folder = URL(fileURLWithPath: catalogPath).standardizedFileURL.deletingLastPathComponent()
        while true {
            bases.append(folder.path)
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        let current = URL(fileURLWithPath: currentFolder).standardizedFileURL.path
        if !bases.contains(current) { bases.append(current) }
        return bases
    }

    /// Whether `path` is a regular file (not a link) whose bytes have `sha256`.
    private static func holds(_ path: String, sha256: String) -> Bool {
        guard FolderEntry.kind(of: path) == .file, let file = try? MappedFile(path: path) else { return false }
        return file.withBytes { ContentHash.sha256($0) } == sha256
    }
}
