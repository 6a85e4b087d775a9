import Catalog
import Foundation
import Installation

/// An export for a publisher, a researcher or an auditor: the derivatives a query selected (and, when asked,
/// their originals and masks) with their access copies and sidecars, and for the whole set `report.csv`,
/// `report.json`, `premis.xml`, `prov.json`, `mets.xml` and `index.html`, packed as a BagIt bag (RFC 8493).
///
/// Every copied file is hashed while it is copied and must have the SHA-256 the catalog (or, for an access
/// copy, the verified sidecar) recorded. The export is built in a hidden sibling folder and renamed to the
/// destination only when complete, so a failure or a crash never leaves a half-written export under the name a
/// curator asked for.
///
/// ```
/// DIR/bagit.txt bag-info.txt manifest-sha256.txt tagmanifest-sha256.txt
/// DIR/data/index.html report.csv report.json premis.xml prov.json mets.xml
/// DIR/data/derivatives/<derivative id>-<name>.tif                 the derivative
/// DIR/data/derivatives/<derivative id>-<name>-access.jpg          its JPEG access copy, when the run made one
/// DIR/data/derivatives/<derivative id>-<name>.provenance.json     its sidecar
/// DIR/data/masks/<object id>-<name>   DIR/data/originals/<object id>-<name>      (when asked)
/// ```
public struct ProvenanceExport {
    /// What to include besides the derivatives, their access copies and their sidecars.
    public struct Options: Sendable {
        public var includeOriginals: Bool
        public var includeMasks: Bool
        /// The long side of the report's thumbnails, in pixels.
        public var thumbnailSide: Int
        /// The report's title.
        public var title: String
        /// The institution making the export (from the configuration), named as custodian and agent.
        public var institution: Institution?

        public init(includeOriginals: Bool = false, includeMasks: Bool = false, thumbnailSide: Int = 320,
                    title: String = "Conservator provenance report", institution: Institution? = nil) {
            self.includeOriginals = includeOriginals
            self.includeMasks = includeMasks
            self.thumbnailSide = thumbnailSide
            self.title = title
            self.institution = institution
        }
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var directory: String
        public var derivatives: Int
        /// JPEG access copies exported with their derivatives.
        public var accessCopies: Int
        public var originals: Int
        /// Masks of the exported steps; identical masks are one catalog object and one file, so ``maskFiles``
        /// may be fewer.
        public var masks: Int
        public var maskFiles: Int
        /// Every file of the payload (`data/`), as `manifest-sha256.txt` lists them.
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
            var summary = try build(in: staging, exportedAt: exportedAt)
            do {
                try manager.moveItem(at: staging, to: final)
            } catch {
                throw ExportError.writeFailed(path: final.path, cause: "\(error)")
            }
            summary.directory = final.path
            return summary
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }

    private func build(in bag: URL, exportedAt: String) throws(ExportError) -> Summary {
        let files = ExportFolder(root: bag.appendingPathComponent("data"))
        try files.makeFolders(["derivatives"] + (options.includeMasks ? ["masks"] : [])
                              + (options.includeOriginals ? ["originals"] : []))
        var rows: [ReportRow] = []
        var links: [Int64: HTMLReport.DerivativeFiles] = [:]
        var exported: [ExportedFile] = []
        var masks = 0
        for history in histories {
            if options.includeOriginals {
                let source = try Self.requiredPath(history.original)
                exported.append(try files.copy(history.original, from: source, as: "originals/\(history.original.object.id ?? 0)-\(Self.name(source))", use: .original))
            }
            for run in history.runs {
                let derivativeID = run.derivative.object.id ?? 0
                let name = "\(derivativeID)-\(Self.name(run.run.derivativePath))"
                let derivative = try files.copy(run.derivative, from: run.run.derivativePath, as: "derivatives/\(name)", use: .derivative)
                let sidecar = try files.copy(run.run.sidecarPath, as: "derivatives/\(Self.stem(name)).provenance.json",
                                             expecting: run.run.sidecarSha256, use: .sidecar, of: derivativeID)
                let access = try accessCopy(of: run, sidecar: sidecar, named: "derivatives/\(derivativeID)-", into: files)
                exported += [derivative, sidecar] + (access.map { [$0] } ?? [])
                links[derivativeID] = HTMLReport.DerivativeFiles(derivative: derivative.relative, accessCopy: access?.relative)
                rows.append(ReportRow(run, of: history, derivativeFile: derivative.relative, accessCopyFile: access?.relative,
                                      sidecarFile: sidecar.relative))
                guard options.includeMasks else { continue }
                for mask in run.steps.compactMap(\.mask) {
                    masks += 1
                    // identical masks (an empty one, say) are one catalog object: copied once
                    guard !exported.contains(where: { $0.use == .mask && $0.objectID == mask.object.id }) else { continue }
                    let path = try Self.requiredPath(mask)
                    exported.append(try files.copy(mask, from: path, as: "masks/\(mask.object.id ?? 0)-\(Self.name(path))", use: .mask))
                }
            }
        }
        let previews = previews()
        let premis = PREMISDocument(histories: histories, exportedAt: exportedAt, institution: options.institution)
        try files.write(Array(CSVText.make(header: ReportRow.columns, rows: rows.map(\.fields)).utf8), as: "report.csv")
        try files.write(try Self.json(ReportDocument(exportedAt: exportedAt, derivatives: rows)), as: "report.json")
        try files.write(Array(premis.xml.utf8), as: "premis.xml")
        try files.write(PROVDocument(histories: histories, institution: options.institution).json, as: "prov.json")
        try files.write(Array(METSDocument(histories: histories, files: exported, premis: premis, title: options.title,
                                           exportedAt: exportedAt, institution: options.institution).xml.utf8), as: "mets.xml")
        let report = HTMLReport(title: options.title, generatedAt: exportedAt, histories: histories,
                                thumbnails: previews.thumbnails, maskOverlays: previews.masks, derivativeFiles: links)
        try files.write(Array(report.html.utf8), as: "index.html")
        let derivatives = exported.filter { $0.use == .derivative }.count
        let payload = try Bag(root: bag, baggedAt: exportedAt, description: "\(options.title): \(derivatives) derivatives of "
                                + "\(histories.count) originals with their provenance (PREMIS, W3C PROV, METS, CSV, JSON, HTML)",
                              institution: options.institution).seal()
        return Summary(directory: bag.path, derivatives: derivatives,
                       accessCopies: exported.filter { $0.use == .accessCopy }.count,
                       originals: exported.filter { $0.use == .original }.count, masks: masks,
                       maskFiles: exported.filter { $0.use == .mask }.count, files: payload.files, warnings: previews.warnings)
    }

    /// The run's JPEG access copy, copied beside its derivative: the sidecar (already copied and verified)
    /// names it and its SHA-256, and it lies in the derivative's run folder. `nil` when the run made none.
    private func accessCopy(of run: RunHistory, sidecar: ExportedFile, named prefix: String,
                            into files: ExportFolder) throws(ExportError) -> ExportedFile? {
        guard let entry = AccessCopyEntry.read(files.root.appendingPathComponent(sidecar.relative)) else { return nil }
        let folder = URL(fileURLWithPath: run.run.derivativePath).deletingLastPathComponent()
        let name = Self.name(entry.file)
        return try files.copy(folder.appendingPathComponent(name).path, as: prefix + name, expecting: entry.sha256,
                              use: .accessCopy, of: run.derivative.object.id ?? 0)
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

    /// A file name without its extension.
    private static func stem(_ name: String) -> String { URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent }

    private static func json<T: Encodable>(_ value: T) throws(ExportError) -> [UInt8] {
        let encoder = JSONEncoder.conservator(snakeCaseKeys: true)
        do {
            return Array(try encoder.encode(value)) + [0x0A]
        } catch {
            throw .writeFailed(path: "report.json", cause: "\(error)")
        }
    }
}

/// The one field of a run's sidecar (`provenance.json`, schema `conservator-provenance/1`) an export needs:
/// the access copy's file name and SHA-256. A sidecar without one, or of another shape, names none.
private struct AccessCopyEntry: Decodable {
    var file: String
    var sha256: String

    private struct Sidecar: Decodable { var accessCopy: AccessCopyEntry? }

    static func read(_ url: URL) -> AccessCopyEntry? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONDecoder().decode(Sidecar.self, from: data))?.accessCopy
    }
}

/// `report.json`: when the export was made, and one row per derivative.
struct ReportDocument: Encodable {
    var exportedAt: String
    var derivatives: [ReportRow]
}
