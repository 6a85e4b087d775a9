import Catalog
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

    /// Copies the catalogued object's file at `source` in, verifying its SHA-256.
    func copy(_ object: ObjectDetails, from source: String, as relative: String,
              use: ExportedFile.Use) throws(ExportError) -> ExportedFile {
        let sha256 = try VerifiedCopy.copy(source, to: root.appendingPathComponent(relative).path, expecting: object.object.sha256)
        return ExportedFile(relative: relative, use: use, objectID: object.object.id,
                            derivativeID: use == .derivative ? object.object.id : nil, sha256: sha256,
                            size: try size(of: relative), mediaType: object.object.mediaType ?? "application/octet-stream")
    }

    /// Copies a file that goes with derivative `derivativeID` (its sidecar, its access copy) in, verifying
    /// the SHA-256 recorded for it.
    func copy(_ source: String, as relative: String, expecting expected: String, use: ExportedFile.Use,
              of derivativeID: Int64) throws(ExportError) -> ExportedFile {
        let sha256 = try VerifiedCopy.copy(source, to: root.appendingPathComponent(relative).path, expecting: expected)
        return ExportedFile(relative: relative, use: use, objectID: nil, derivativeID: derivativeID, sha256: sha256,
                            size: try size(of: relative), mediaType: use == .sidecar ? "application/json" : "image/jpeg")
    }

    private func size(of relative: String) throws(ExportError) -> Int64 {
        let path = root.appendingPathComponent(relative).path
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
            throw .unreadable(path: path, cause: "cannot read back its size")
        }
        return size.int64Value
    }

    func write(_ bytes: [UInt8], as relative: String) throws(ExportError) {
        let url = root.appendingPathComponent(relative)
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw .writeFailed(path: url.path, cause: "\(error)")
        }
    }

    /// Writes `name` listing `<sha256>  <relative path>` for every file whose relative path `listing` accepts,
    /// sorted by path (the BagIt manifest format, so `sha256sum -c` and BagIt tools check it), and returns how
    /// many files and bytes it lists.
    func writeManifest(name: String, listing: (String) -> Bool) throws(ExportError) -> Bag.Payload {
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        var lines: [String] = []
        var payload = Bag.Payload(files: 0, bytes: 0)
        for relative in paths.sorted() where relative != name && listing(relative) {
            var isFolder: ObjCBool = false
            let path = root.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let data: Data
            do {
                // mapped: an exported original can be hundreds of megabytes
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            } catch {
                throw .unreadable(path: path, cause: "cannot read back for the manifest: \(error.localizedDescription)")
            }
            lines.append("\(ContentHash.sha256(data))  \(Self.manifestPath(relative))")
            payload.files += 1
            payload.bytes += Int64(data.count)
        }
        try write(Array((lines.joined(separator: "\n") + "\n").utf8), as: name)
        return payload
    }

    /// A path as a BagIt manifest line holds it: `%`, CR and LF percent-encoded (RFC 8493 §2.1.3), everything
    /// else as it is.
    private static func manifestPath(_ relative: String) -> String {
        relative.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
