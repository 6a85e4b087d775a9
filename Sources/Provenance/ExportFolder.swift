import Fixity
import Foundation

/// The folder an export is built in: every file goes through here, so the manifest lists exactly what
/// was written.
struct ExportFolder {
    let root: URL

    func makeFolders(_ names: [String]) throws(ExportError) {
        for name in [""] + names {
            do {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: root.appendingPathComponent(name).path, cause: "\(error)")
            }
        }
    }

    /// Copies a catalogued file in, verifying its SHA-256.
    func copy(_ source: String, as relative: String, expecting sha256: String?) throws(ExportError) {
        try VerifiedCopy.copy(source, to: root.appendingPathComponent(relative).path, expecting: sha256)
    }

    func write(_ bytes: [UInt8], as relative: String) throws(ExportError) {
        let url = root.appendingPathComponent(relative)
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw .writeFailed(path: url.path, cause: "\(error)")
        }
    }

    /// Writes `name` listing `<sha256>  <relative path>` for every other file, sorted by path (the BagIt
    /// manifest format, so `sha256sum -c` and BagIt tools check it), and returns how many it lists.
    func writeManifest(name: String) throws(ExportError) -> Int {
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        var lines: [String] = []
        for relative in paths.sorted() where relative != name {
            var isFolder: ObjCBool = false
            let path = root.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, cause: "cannot read back for the manifest")
            }
            lines.append("\(ContentHash.sha256(data))  \(relative)")
        }
        try write(Array((lines.joined(separator: "\n") + "\n").utf8), as: name)
        return lines.count
    }
}
