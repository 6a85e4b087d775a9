import Fixity
import Foundation
import Installation

/// Seals an export folder as a BagIt bag (RFC 8493), the package archives hand collections over in: the
/// payload under `data/`, `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt` (every payload file) and
/// `tagmanifest-sha256.txt` (every other file), so that `bagit.py --validate`, Archivematica or any BagIt tool
/// checks it, and `sha256sum -c` still works on each manifest.
struct Bag {
    /// The bag's root: holds `data/` and receives the tag files.
    let root: URL
    /// When the bag was made (`YYYY-MM-DD…`; `Bagging-Date` takes the date).
    let baggedAt: String
    /// `External-Description`: what the bag holds, in a sentence.
    let description: String
    let institution: Institution?

    /// What the payload manifest counts.
    struct Payload: Equatable {
        var files: Int
        var bytes: Int64
    }

    /// Writes the tag files over the finished payload and returns what the payload manifest lists.
    func seal() throws(ExportError) -> Payload {
        let folder = ExportFolder(root: root)
        try folder.write(Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8), as: "bagit.txt")
        let payload = try folder.writeManifest(name: "manifest-sha256.txt", listing: { $0.hasPrefix("data/") })
        try folder.write(Array(info(payload).utf8), as: "bag-info.txt")
        _ = try folder.writeManifest(name: "tagmanifest-sha256.txt",
                                     listing: { !$0.hasPrefix("data/") && $0 != "tagmanifest-sha256.txt" })
        return payload
    }

    /// `bag-info.txt`: the reserved labels RFC 8493 defines, and the institution's identifier and rights
    /// statement under labels of their own (the RFC allows any other label).
    private func info(_ payload: Payload) -> String {
        var fields: [(String, String)] = []
        if let institution {
            fields.append(("Source-Organization", institution.name))
            if let identifier = institution.identifier { fields.append(("Source-Organization-Identifier", identifier)) }
            if let rights = institution.rightsStatement { fields.append(("Rights-Statement", rights)) }
        }
        fields += [
            ("Bagging-Date", String(baggedAt.prefix(10))),
            ("Payload-Oxum", "\(payload.bytes).\(payload.files)"),
            ("Bag-Software-Agent", Software.commit.isEmpty
                ? "\(Software.name) \(Software.version)" : "\(Software.name) \(Software.version) (git \(Software.commit))"),
            ("External-Description", description),
        ]
        // a value is one line: a line break inside one would start a new label
        return fields.map { "\($0): \($1.split(whereSeparator: \.isNewline).joined(separator: " "))\n" }.joined()
    }
}
