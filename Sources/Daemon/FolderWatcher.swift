import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// Watches ingest folders with inotify and reports files that were finished being written.
///
/// A file is reported when a writer closes it after writing (`IN_CLOSE_WRITE`, local copies and most
/// scanner software) or when it is renamed into the folder (`IN_MOVED_TO`, the temp-then-rename pattern
/// of rsync and careful writers). Sub-folders created later are watched as soon as they appear, and
/// scanned, because files can land in a new folder before its watch exists. When the kernel's event
/// queue overflows, the watcher asks for a full rescan rather than miss a file.
///
/// Links are never followed: a link to a folder is not watched (it could lead out of the ingest folder, into
/// the archive, or back into itself), and neither is a folder the daemon writes into.
///
/// ```swift
/// let watcher = try FolderWatcher()
/// try watcher.watch(folder: "/srv/ingest", recursive: true)
/// for change in watcher.wait(milliseconds: 250) { ... }
/// ```
final class FolderWatcher {
    /// What the watcher saw.
    enum Change: Equatable {
        /// A file was closed after writing, or moved in.
        case file(String)
        /// A folder appeared below a recursively watched folder: it is watched now; scan what is in it.
        case folder(String)
        /// Events were lost (queue overflow): every folder must be scanned again.
        case rescan
        /// A file arrived whose name is not UTF-8; its path with the bad bytes as `\xNN`.
        case unnamable(String)
    }

    private let descriptor: Int32
    /// Watch descriptor → (folder path, whether its new sub-folders are watched too).
    private var watches: [Int32: (path: String, recursive: Bool)] = [:]
    /// Folders never watched, even below a recursively watched one.
    private let excluded: Set<String>

    /// Opens an inotify instance that will never watch the folders in `excluding`.
    init(excluding: Set<String> = []) throws(DaemonError) {
        excluded = excluding
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw .system("inotify_init1", errno) }
    }

    deinit { close(descriptor) }

    /// Watches `folder` (and, when `recursive`, every folder below it, now and later).
    func watch(folder: String, recursive: Bool) throws(DaemonError) {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)
        let wd = inotify_add_watch(descriptor, folder, mask)
        guard wd >= 0 else { throw .cannotWatch(folder: folder, reason: String(cString: strerror(errno))) }
        watches[wd] = (folder, recursive)
        guard recursive else { return }
        for child in subfolders(of: folder) {
            try watch(folder: child, recursive: true)
        }
    }

    /// Waits up to `milliseconds` for events and returns what they mean, in order.
    func wait(milliseconds: Int32) -> [Change] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return [] }
        var changes: [Change] = []
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, capacity)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                let bytes = event.len > 0
                    ? Array(UnsafeRawBufferPointer(start: nameStart, count: Int(event.len)).prefix(while: { $0 != 0 })) : []
                changes += interpret(event, nameBytes: bytes)
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        return changes
    }

    private func interpret(_ event: inotify_event, nameBytes: [UInt8]) -> [Change] {
        if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { return [.rescan] }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            watches[event.wd] = nil
            return []
        }
        guard let (folder, recursive) = watches[event.wd], !nameBytes.isEmpty else { return [] }
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            let arrived = event.mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 && event.mask & UInt32(IN_ISDIR) == 0
            return arrived ? [.unnamable(folder + "/" + PrintableName.escape(nameBytes))] : []
        }
        let path = folder + "/" + name
        if event.mask & UInt32(IN_ISDIR) != 0 {
            guard recursive, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !excluded.contains(path) else { return [] }
            // A failure here (the folder vanished again) loses nothing: there is nothing in it to ingest.
            try? watch(folder: path, recursive: true)
            return [.folder(path)]
        }
        if event.mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 { return [.file(path)] }
        return []
    }

    /// The real folders (not links to folders, not excluded ones) directly in `folder`.
    private func subfolders(of folder: String) -> [String] {
        FolderEntry.list(folder).compactMap { entry in
            guard entry.kind == .folder, let name = entry.name else { return nil }
            let path = folder + "/" + name
            return excluded.contains(path) ? nil : path
        }
    }
}
