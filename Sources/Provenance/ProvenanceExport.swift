import Catalog
import Foundation

/// An export for a publisher, a researcher or an auditor: the derivatives a query selected (and, when asked,
/// their originals and masks) with their sidecars, and for the whole set `report.csv`, `report.json`,
/// `premis.xml`, `prov.json`, `index.html` and a BagIt-style `manifest-sha256.txt`.
///
/// Every copied file is hashed while it is copied and must have the SHA-256 the catalog recorded. The export
/// is built in a hidden sibling folder and renamed to the destination only when complete, so a failure or a
/// crash never leaves a half-written export under the name a curator asked for.
///
/// ```
/// DIR/index.html report.csv report.json premis.xml prov.json manifest-sha256.txt
/// DIR/derivatives/<object id>-<name>   DIR/sidecars/<run id>-provenance.json
/// DIR/masks/<object id>-<name>         DIR/originals/<object id>-<name>      (when asked)
/// ```
public struct ProvenanceExport {
    /// What to include besides the derivatives and their sidecars.
    public struct Options: Sendable {
        public var includeOriginals: Bool
        public var includeMasks: Bool
        /// The long side of the report's thumbnails, in pixels.
        public var thumbnailSide: Int
        /// The report's title.
        public var title: String

        public init(includeOriginals: Bool = false, includeMasks: Bool = false, thumbnailSide: Int = 320,
                    title: String = "Conservator provenance report") {
            self.includeOriginals = includeOriginals
            self.includeMasks = includeMasks
            self.thumbnailSide = thumbnailSide
            self.title = title
        }
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var directory: String
        public var derivatives: Int
        public var originals: Int
        public var masks: Int
        /// Every file the manifest lists.
        public var files: Int
        /// Images the report shows without a thumbnail, and why.
        public var warnings: [String]
    }

    /// The histories to export; originals without runs contribute nothing.
    public let histories: [ImageHistory]
    public let options: Options

    public init(histories: [ImageHistory], options: Options = Options()) {
        self.histories = histories.filter { !$0.runs.isEmpty }
        self.options = options
    }

    /// Writes the export to `destination`, which must not exist yet.
    public func write(to destination: String, exportedAt: String) throws(ExportError) -> Summary {
        let manager = FileManager.default
        let final = URL(fileURLWithPath: destination).standardizedFileURL
        guard !manager.fileExists(atPath: final.path) else { throw .destinationExists(path: final.path) }
        let staging = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).partial-\(UUID().uuidString)")
        do throws(ExportError) {
            let summary = try build(in: staging, exportedAt: exportedAt)
            do {
                try manager.moveItem(at: staging, to: final)
            } catch {
                throw ExportError.writeFailed(path: final.path, cause: "\(error)")
            }
            return Summary(directory: final.path, derivatives: summary.derivatives, originals: summary.originals,
                           masks: summary.masks, files: summary.files, warnings: summary.warnings)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }

    private func build(in folder: URL, exportedAt: String) throws(ExportError) -> Summary {
        let files = ExportFolder(root: folder)
        try files.makeFolders(["derivatives", "sidecars"] + (options.includeMasks ? ["masks"] : [])
                              + (options.includeOriginals ? ["originals"] : []))
        var rows: [ReportRow] = []
        var derivativeFiles: [Int64: String] = [:]
        var copied = (originals: 0, masks: 0)
        for history in histories {
            if options.includeOriginals {
                let source = try Self.requiredPath(history.original)
                try files.copy(source, as: "originals/\(history.original.object.id ?? 0)-\(Self.name(source))",
                               expecting: history.original.object.sha256)
                copied.originals += 1
            }
            for run in history.runs {
                let derivativeID = run.derivative.object.id ?? 0
                let relative = "derivatives/\(derivativeID)-\(Self.name(run.run.derivativePath))"
                try files.copy(run.run.derivativePath, as: relative, expecting: run.derivative.object.sha256)
                try files.copy(run.run.sidecarPath, as: "sidecars/\(run.run.id ?? 0)-\(Self.name(run.run.sidecarPath))",
                               expecting: run.run.sidecarSha256)
                derivativeFiles[derivativeID] = relative
                rows.append(ReportRow(run, of: history, derivativeFile: relative))
                guard options.includeMasks else { continue }
                for mask in run.steps.compactMap(\.mask) {
                    let path = try Self.requiredPath(mask)
                    try files.copy(path, as: "masks/\(mask.object.id ?? 0)-\(Self.name(path))", expecting: mask.object.sha256)
                    copied.masks += 1
                }
            }
        }
        let previews = previews()
        try files.write(Array(CSVText.make(header: ReportRow.columns, rows: rows.map(\.fields)).utf8), as: "report.csv")
        try files.write(try Self.json(ReportDocument(exportedAt: exportedAt, derivatives: rows)), as: "report.json")
        try files.write(Array(PREMISDocument(histories: histories, exportedAt: exportedAt).xml.utf8), as: "premis.xml")
        try files.write(PROVDocument(histories: histories).json, as: "prov.json")
        let report = HTMLReport(title: options.title, generatedAt: exportedAt, histories: histories,
                                thumbnails: previews.thumbnails, maskOverlays: previews.masks, derivativeFiles: derivativeFiles)
        try files.write(Array(report.html.utf8), as: "index.html")
        let listed = try files.writeManifest(name: "manifest-sha256.txt")
        return Summary(directory: folder.path, derivatives: rows.count, originals: copied.originals, masks: copied.masks,
                       files: listed, warnings: previews.warnings)
    }

    /// Thumbnails of originals and derivatives and overlays of masks; an image that cannot be read is shown
    /// without a picture and named in the warnings (the export itself is still complete and verified).
    private func previews() -> (thumbnails: [Int64: Thumbnail], masks: [Int64: Thumbnail], warnings: [String]) {
        var thumbnails: [Int64: Thumbnail] = [:], masks: [Int64: Thumbnail] = [:], warnings: [String] = []
        func preview(_ details: ObjectDetails, overlay: Bool) {
            guard let id = details.object.id, let path = Self.readablePath(details) else {
                warnings.append("no preview of object \(details.object.id ?? 0): none of its paths is readable")
                return
            }
            do {
                if overlay {
                    masks[id] = try Thumbnail.maskOverlay(atPath: path, maxSide: options.thumbnailSide)
                } else {
                    thumbnails[id] = try Thumbnail.image(atPath: path, maxSide: options.thumbnailSide)
                }
            } catch {
                warnings.append("no preview of \(path): \(error)")
            }
        }
        for history in histories {
            preview(history.original, overlay: false)
            for run in history.runs {
                preview(run.derivative, overlay: false)
                for mask in run.steps.compactMap(\.mask) { preview(mask, overlay: true) }
            }
        }
        return (thumbnails, masks, warnings)
    }

    /// The first path the object is still expected at (not moved away by Conservator) that exists.
    static func readablePath(_ details: ObjectDetails) -> String? {
        let held = details.paths.filter { $0.releasedAt == nil } + details.paths.filter { $0.releasedAt != nil }
        return held.map(\.path).first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The readable path of an object the export must copy.
    static func requiredPath(_ details: ObjectDetails) throws(ExportError) -> String {
        guard let path = readablePath(details) else {
            throw .unreadable(path: details.paths.first?.path ?? "object \(details.object.id ?? 0)",
                              cause: "no path the catalog knows for it is readable")
        }
        return path
    }

    private static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    private static func json<T: Encodable>(_ value: T) throws(ExportError) -> [UInt8] {
        let encoder = JSONEncoder.conservator(snakeCaseKeys: true)
        do {
            return Array(try encoder.encode(value)) + [0x0A]
        } catch {
            throw .writeFailed(path: "report.json", cause: "\(error)")
        }
    }
}

/// `report.json`: when the export was made, and one row per derivative.
struct ReportDocument: Encodable {
    var exportedAt: String
    var derivatives: [ReportRow]
}
