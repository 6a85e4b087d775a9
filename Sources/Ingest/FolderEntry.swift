import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One entry of a folder as the file system has it: what it is without following a link, and its name as
/// bytes, so that a name that is not UTF-8 is seen (and reported) instead of vanishing in a conversion.
///
/// Every listing Conservator makes of a folder it may move files out of goes through here: a symbolic link
/// is an entry of its own kind and is never followed, so nothing reached through a link is ever moved,
/// deleted or ingested by walking a folder (a link to the archive inside an ingest folder once made the
/// daemon delete an archived original).
public struct FolderEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file
        case folder
        case symbolicLink
        /// A FIFO, socket or device: not an image, and opening some of them would block.
        case special
    }

    /// The name, when it is valid UTF-8.
    public var name: String?
    /// The name's bytes, exactly.
    public var nameBytes: [UInt8]
    public var kind: Kind

    /// The name with every byte that is not UTF-8, and every control character, written as `\xNN`: a form
    /// that can be logged and recorded, and that tells a person which file is meant.
    public var printableName: String { PrintableName.escape(nameBytes) }

    /// The entries of `folder`, sorted by name bytes; empty when it cannot be read.
    public static func list(_ folder: String) -> [FolderEntry] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var entries: [FolderEntry] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let name = String(validating: bytes, as: UTF8.self)
            entries.append(FolderEntry(name: name, nameBytes: bytes,
                                       kind: kind(at: folder, bytes: bytes, type: entry.pointee.d_type)))
        }
        return entries.sorted { $0.nameBytes.lexicographicallyPrecedes($1.nameBytes) }
    }

    /// What `path` is, without following a final link; `nil` when it does not exist.
    public static func kind(of path: String) -> Kind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return kind(mode: status.st_mode)
    }

    private static func kind(at folder: String, bytes: [UInt8], type: UInt8) -> Kind {
        switch Int32(type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .folder
        case Int32(DT_LNK): return .symbolicLink
        case Int32(DT_UNKNOWN):
            // Some file systems do not fill d_type: ask lstat, by the name's bytes.
            var status = stat()
            let path = Array(folder.utf8) + [0x2F] + bytes + [0]
            let found = path.withUnsafeBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &status) }
            }
            return found == 0 ? kind(mode: status.st_mode) : .special
        default: return .special
        }
    }

    private static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .folder
        case S_IFLNK: .symbolicLink
        default: .special
        }
    }
}
