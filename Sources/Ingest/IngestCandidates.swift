import Foundation

/// The files an ingest run will look at, expanded from the paths a user gave.
///
/// Directories are listed (recursively when asked); names a copy in progress or a desktop leaves behind
/// (dotfiles, `*.tmp`, `*.part`, `*~`) are skipped, because ingesting a half-copied scan would record
/// the wrong bytes. Paths given by name are always taken as they are: the user asked for them.
public struct IngestCandidates: Sendable {
    /// Absolute, standardized paths of regular files (or of things that will be quarantined as
    /// unreadable), in a stable order.
    public var files: [String]
    /// Paths the user named that do not exist.
    public var missing: [String]

    /// Expands `paths`.
    public init(paths: [String], recursive: Bool, fileManager: FileManager = .default) {
        var files: [String] = []
        var missing: [String] = []
        for given in paths {
            let url = URL(fileURLWithPath: given).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                // A dangling symbolic link exists but is not a file: quarantine it rather than say "missing".
                if (try? fileManager.destinationOfSymbolicLink(atPath: url.path)) != nil {
                    files.append(url.path)
                } else {
                    missing.append(given)
                }
                continue
            }
            if isDirectory.boolValue {
                files += Self.list(url, recursive: recursive, fileManager: fileManager)
            } else {
                files.append(url.path)
            }
        }
        self.files = files
        self.missing = missing
    }

    /// Whether a file name looks like something still being written or a hidden file.
    public static func isTransient(name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~")
    }

    private static func list(_ directory: URL, recursive: Bool, fileManager: FileManager) -> [String] {
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return [] }
        var files: [String] = []
        for name in names.sorted() where !isTransient(name: name) {
            let child = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = fileManager.fileExists(atPath: child.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                if recursive { files += list(child, recursive: true, fileManager: fileManager) }
            } else {
                files.append(child.path)
            }
        }
        return files
    }
}
