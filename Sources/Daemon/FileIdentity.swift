#if canImport(Glibc)
import Glibc
#endif

/// A file's identity on this machine: device and inode, as `lstat` gives them (a link is its own file).
/// Two paths are the same file exactly when their identities are equal, whatever their names say.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    /// How many names the file has (hard links).
    var links: UInt64

    /// The identity of `path`, or `nil` when nothing is there. With `followingLinks`, a link stands for what
    /// it points to (for asking which folder a path really is in).
    init?(path: String, followingLinks: Bool = false) {
        var status = stat()
        guard (followingLinks ? stat(path, &status) : lstat(path, &status)) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        links = UInt64(status.st_nlink)
    }

    /// Whether `other` is the same file (link counts aside: they change as names come and go).
    func isSameFile(as other: FileIdentity?) -> Bool {
        other.map { $0.device == device && $0.inode == inode } ?? false
    }
}
