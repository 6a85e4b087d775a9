import Catalog
import Foundation
import ImageSource
import Logging
import Metadata
import Raster

/// Records originals: reads each file once (memory-mapped, read-only), hashes it, validates every pixel,
/// extracts its metadata, and records the object and its PREMIS events in one catalog transaction.
///
/// A file that cannot be read, is no image we read, or fails to decode is recorded as quarantined with a
/// one-line reason; the run goes on with the next file. Bytes already in the catalog are not decoded
/// again: the new path is linked to the existing object.
///
/// ```swift
/// let service = IngestService(catalog: catalog)
/// let summary = service.ingest(IngestCandidates(paths: ["/scans"], recursive: true))
/// print(summary.ingested, summary.duplicates, summary.quarantined)
/// ```
public struct IngestService: Sendable {
    /// Progress of a run, for a progress bar.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var bytes: Int64
    }

    public let catalog: Catalog
    public let limits: DecodeLimits
    private let logger: Logger

    public init(catalog: Catalog, limits: DecodeLimits = .standard, logger: Logger = Logger(label: "conservator.ingest")) {
        self.catalog = catalog
        self.limits = limits
        self.logger = logger
    }

    /// Ingests every candidate, in order, calling `progress` after each file.
    public func ingest(_ candidates: IngestCandidates, progress: (Progress) -> Void = { _ in }) throws -> IngestSummary {
        var summary = IngestSummary()
        summary.missing = candidates.missing
        var bytes: Int64 = 0
        for (index, path) in candidates.files.enumerated() {
            let outcome = try ingestFile(at: path)
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64 { bytes += size }
            summary.outcomes.append(outcome)
            progress(Progress(done: index + 1, total: candidates.files.count, bytes: bytes))
        }
        return summary
    }

    /// Ingests one file. Throws only when the catalog itself fails; every problem with the file becomes a
    /// quarantine record.
    public func ingestFile(at path: String) throws -> IngestOutcome {
        let received = Timestamp.now()
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            let reason = "unreadable: \(String(cString: strerror(error.code)))"
            return try quarantine(path: path, sha256: nil, size: nil, format: nil, reason: reason, received: received)
        }
        let sha256 = file.withBytes { ContentHash.sha256($0) }
        let hashed = Timestamp.now()
        if let existing = try catalog.originalID(sha256: sha256) {
            try catalog.linkPath(objectID: existing, path: path)
            logger.debug("duplicate of object \(existing)", metadata: ["path": "\(path)"])
            return .duplicate(objectID: existing, path: path)
        }
        guard file.size > 0 else {
            return try quarantine(path: path, sha256: sha256, size: 0, format: nil,
                                  reason: "empty file (0 bytes)", received: received, hashed: hashed)
        }
        guard let format = file.sniffedFormat else {
            let head = file.withBytes { $0.prefix(4).map { String(format: "%02X", $0) }.joined(separator: " ") }
            return try quarantine(path: path, sha256: sha256, size: file.size, format: nil,
                                  reason: "not a TIFF, PNG or JPEG file (starts with \(head))",
                                  received: received, hashed: hashed)
        }
        let info: ImageInfo
        do {
            info = try file.withBytes { bytes throws(RasterError) in try ImageDecoder.validate(bytes, limits: limits) }
        } catch {
            return try quarantine(path: path, sha256: sha256, size: file.size, format: format,
                                  reason: Self.oneLine(error.description), received: received, hashed: hashed)
        }
        let validated = Timestamp.now()
        let metadataResult = Result { () throws(MetadataError) -> ImageMetadata in
            try file.withBytes { bytes throws(MetadataError) in try MetadataReader.read(bytes, format: format) }
        }
        return try record(path: path, sha256: sha256, size: file.size, format: format, info: info,
                          metadata: metadataResult,
                          times: (received, hashed, validated, Timestamp.now()))
    }

    private func record(
        path: String, sha256: String, size: Int, format: ImageFormat, info: ImageInfo,
        metadata: Result<ImageMetadata, MetadataError>,
        times: (received: String, hashed: String, validated: String, extracted: String)
    ) throws -> IngestOutcome {
        var object = StoredObject(
            status: .accepted, sha256: sha256, size: Int64(size), format: format.rawValue,
            mediaType: format.mediaType, width: info.width, height: info.height, channels: info.channels,
            bitDepth: info.bitDepth, colorModel: info.colorModel.rawValue, compression: info.compression,
            pageCount: info.pageCount, createdAt: times.received)
        var tags: [NewObject.Tag] = []
        let extraction: NewEvent
        switch metadata {
        case let .success(found):
            tags = found.tags.map { NewObject.Tag(group: $0.group, tagID: $0.tagID, name: $0.name, value: $0.value) }
            object.xmpPacket = found.xmpPacket
            object.iccSha256 = found.iccProfile?.sha256
            object.iccDescription = found.iccProfile?.description
            let detail = Self.describe(found)
            extraction = found.warnings.isEmpty
                ? NewEvent(.metadataExtraction, .success, detail, occurredAt: times.extracted)
                : NewEvent(.metadataExtraction, .warning,
                           detail + "; warnings: " + found.warnings.map(Self.oneLine).joined(separator: "; "),
                           occurredAt: times.extracted)
        case let .failure(error):
            extraction = NewEvent(.metadataExtraction, .failure, Self.oneLine(error.description),
                                  occurredAt: times.extracted)
        }
        let events = [
            NewEvent(.ingestion, .success, "received \(path)", occurredAt: times.received),
            NewEvent(.messageDigestCalculation, .success, "SHA-256 \(sha256) over \(size) bytes", occurredAt: times.hashed),
            NewEvent(.validation, .success, Self.describe(info), occurredAt: times.validated),
            extraction,
        ]
        let outcome = try catalog.record(NewObject(object: object, path: path, metadata: tags, events: events),
                                         by: SoftwareAgent.conservator)
        switch outcome {
        case let .inserted(id): return .ingested(objectID: id, path: path)
        // Another process recorded the same bytes between our check and our write.
        case let .alreadyRecorded(id, _): return .duplicate(objectID: id, path: path)
        }
    }

    private func quarantine(path: String, sha256: String?, size: Int?, format: ImageFormat?, reason: String,
                            received: String, hashed: String? = nil) throws -> IngestOutcome {
        logger.warning("quarantined: \(reason)", metadata: ["path": "\(path)"])
        let object = StoredObject(status: .quarantined, sha256: sha256, size: size.map(Int64.init),
                                  format: format?.rawValue, mediaType: format?.mediaType,
                                  quarantineReason: reason, createdAt: received)
        var events = [NewEvent(.ingestion, .failure, "received \(path); not accepted", occurredAt: received)]
        if let sha256, let size, let hashed {
            events.append(NewEvent(.messageDigestCalculation, .success, "SHA-256 \(sha256) over \(size) bytes",
                                   occurredAt: hashed))
        }
        events.append(NewEvent(.validation, .failure, reason))
        events.append(NewEvent(.quarantine, .success, reason))
        let outcome = try catalog.record(NewObject(object: object, path: path, events: events),
                                         by: SoftwareAgent.conservator)
        switch outcome {
        case let .inserted(id), let .alreadyRecorded(id, _): return .quarantined(objectID: id, path: path, reason: reason)
        }
    }

    static func describe(_ info: ImageInfo) -> String {
        var text = "\(info.format.rawValue.uppercased()) \(info.width)x\(info.height), \(info.colorModel.rawValue), "
            + "\(info.bitDepth)-bit, \(info.compression); every pixel decoded"
        if info.pageCount > 1 { text += "; \(info.pageCount) pages (first validated)" }
        return text
    }

    static func describe(_ metadata: ImageMetadata) -> String {
        var groups: [String: Int] = [:]
        var order: [String] = []
        for tag in metadata.tags {
            if groups[tag.group] == nil { order.append(tag.group) }
            groups[tag.group, default: 0] += 1
        }
        var parts = ["\(metadata.tags.count) tags" + (order.isEmpty ? "" : " (" +
            order.map { "\($0) \(groups[$0]!)" }.joined(separator: ", ") + ")")]
        if let xmp = metadata.xmpPacket { parts.append("XMP packet \(xmp.utf8.count) bytes") }
        if let icc = metadata.iccProfile {
            parts.append("ICC profile \(icc.description.map { "'\($0)'" } ?? "(no description)") sha256 \(icc.sha256)")
        }
        return parts.joined(separator: "; ")
    }

    /// Reasons go in one catalog field and one terminal line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
