import Foundation

/// The files an ingest run will look at, expanded from the paths a user gave.
///
/// Directories are listed (recursively when asked); names a copy in progress or a desktop leaves behind
/// (dotfiles, `*.tmp`, `*.part`, `*~`) are skipped, because ingesting a half-copied scan would record
/// the wrong bytes. Paths given by name are always taken as they are: the user asked for them. Inside a
/// listed folder, symbolic links are never followed (a link can lead out of the folder, into the archive
/// the daemon moves files to, or back into itself) and folders in `excluding` are not entered; each is
/// reported in `skipped`. A name that is not UTF-8 is reported in `unnamable`, never silently dropped.
public struct IngestCandidates: Sendable {
    /// Something found while listing and deliberately not taken.
    public struct Skipped: Sendable, Equatable, CustomStringConvertible {
        /// The path, printable (see ``PrintableName``).
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Absolute, standardized paths of regular files (or of things that will be quarantined as
    /// unreadable), in a stable order.
    public var files: [String]
    /// Paths the user named that do not exist.
    public var missing: [String]
    /// Links and excluded folders met while listing, with the reason each was left alone.
    public var skipped: [Skipped] = []
    /// Files whose names are not valid UTF-8, as printable paths (`caf\xE9.png`): they cannot be recorded
    /// under their real name and must be quarantined with that reason.
    public var unnamable: [String] = []

    /// Expands `paths`, never entering a folder in `excluding` (absolute paths).
    public init(paths: [String], recursive: Bool, excluding: Set<String> = [], fileManager: FileManager = .default) {
        files = []
        missing = []
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
                list(url.path, recursive: recursive, excluding: excluding)
            } else {
                files.append(url.path)
            }
        }
    }

    /// Whether a file name looks like something still being written or a hidden file.
    public static func isTransient(name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~")
    }

    private mutating func list(_ directory: String, recursive: Bool, excluding: Set<String>) {
        for entry in FolderEntry.list(directory) {
            let path = directory + "/" + (entry.name ?? entry.printableName)
            guard let name = entry.name else {
                if entry.kind == .file { unnamable.append(path) }
                else { skipped.append(Skipped(path: path, reason: "a name that is not UTF-8 (not entered)")) }
                continue
            }
            guard !Self.isTransient(name: name) else { continue }
            switch entry.kind {
            case .symbolicLink:
                skipped.append(Skipped(path: PrintableName.escape(path), reason: "a symbolic link (links are never followed)"))
            case .folder where excluding.contains(path):
                skipped.append(Skipped(path: PrintableName.escape(path), reason: "a folder Conservator writes to (not entered)"))
            case .folder:
                if recursive { list(path, recursive: true, excluding: excluding) }
            case .file, .special:
                files.append(path)
            }
        }
    }
}
