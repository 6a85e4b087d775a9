import Fixity
import Catalog
import Dispatch
import Foundation
import ImageSource
import Logging
import Metadata
import Raster
import Synchronization

/// Records originals: reads each file once (read-only; mapped when large), hashes it, validates all of its
/// image data, extracts its metadata, and records the object and its PREMIS events in one catalog transaction.
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

    /// Ingests every candidate, calling `progress` after each batch. Outcomes come back in candidate order.
    ///
    /// Files are examined (hashed, validated, read for metadata) `threads` at a time, and recorded a batch
    /// at a time in one catalog transaction each, while the next batch is being examined: examining is CPU
    /// work that scales with cores; recording is a commit whose cost is mostly the shared index pages, paid
    /// once per batch. (A file whose bytes equal one in the batch still being recorded is linked to it by
    /// the catalog when its own batch is recorded.)
    public func ingest(_ candidates: IngestCandidates, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                       batchSize: Int = 256, batchBytes: Int64 = 512 << 20,
                       progress: (Progress) -> Void = { _ in }) throws -> IngestSummary {
        var summary = IngestSummary()
        summary.missing = candidates.missing
        let files = candidates.files
        let size = max(1, batchSize)
        var bytes: Int64 = 0
        var recording: BatchRecording?
        func finishRecording() throws {
            guard let previous = recording else { return }
            summary.outcomes += try previous.outcomes()
            progress(Progress(done: summary.outcomes.count, total: files.count, bytes: bytes))
            recording = nil
        }
        for batch in Self.batches(files, count: size, bytes: batchBytes) {
            let examined = try examine(batch, threads: threads)
            try finishRecording()
            bytes += examined.reduce(0) { $0 + $1.size }
            recording = BatchRecording { [self] in try commit(examined) }
        }
        try finishRecording()
        for path in candidates.unnamable {
            if let outcome = try quarantineUnnamable(at: path) { summary.outcomes.append(outcome) }
        }
        return summary
    }

    /// `files` cut into consecutive batches of at most `count` files and, beyond their first file, at most
    /// `bytes` bytes — so that a run of large masters still reports progress every few files. The last
    /// batch is cut again so that its final part holds at most a quarter of `count` files: every other
    /// commit overlaps the next batch's examination, but the final one runs alone, so it should be short.
    static func batches(_ files: [String], count: Int, bytes: Int64) -> [[String]] {
        var batches: [[String]] = []
        var current: [String] = []
        var currentBytes: Int64 = 0
        for file in files {
            var status = stat()
            let size = stat(file, &status) == 0 ? Int64(status.st_size) : 0
            if !current.isEmpty && (current.count >= count || currentBytes + size > bytes) {
                batches.append(current)
                current = []
                currentBytes = 0
            }
            current.append(file)
            currentBytes += size
        }
        if !current.isEmpty { batches.append(current) }
        let tail = max(1, count / 4)
        if let last = batches.last, last.count > tail {
            batches[batches.count - 1] = Array(last.dropLast(tail))
            batches.append(Array(last.suffix(tail)))
        }
        return batches
    }

    /// Examines `batch`, `threads` files at a time; results in batch order.
    private func examine(_ batch: [String], threads: Int) throws -> [Examination] {
        let workers = min(max(1, threads), batch.count)
        let results = Mutex<[Int: Result<Examination, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: batch.count, by: workers) {
                let result = Result { try examine(batch[index]) }
                results.withLock { $0[index] = result }
            }
        }
        return try results.withLock { results in try (0..<batch.count).map { try results[$0]!.get() } }
    }

    /// Ingests one file. Throws only when the catalog itself fails; every problem with the file becomes a
    /// quarantine record.
    public func ingestFile(at path: String) throws -> IngestOutcome {
        try commit([examine(path)])[0]
    }

    /// Quarantines a file whose name is not valid UTF-8 without reading it: the catalog, the logs and every
    /// export hold text, so the file cannot be recorded under its real name. `printablePath` shows the bad
    /// bytes as `\xNN`; renaming the file lets it be ingested. Nothing is recorded when the catalog already
    /// holds that path (a scan after a restart finds the same file again).
    public func quarantineUnnamable(at printablePath: String) throws -> IngestOutcome? {
        guard try !catalog.holds(path: printablePath) else { return nil }
        let reason = "the file name is not valid UTF-8 (shown with \\xNN for each byte that is not); "
            + "rename the file to ingest it"
        return try commit([quarantine(path: printablePath, sha256: nil, size: nil, format: nil, reason: reason,
                                      received: Timestamp.now())])[0]
    }

    /// Reads one file and decides what to record, writing nothing. Throws only when the catalog cannot be
    /// read.
    func examine(_ path: String) throws -> Examination {
        let received = Timestamp.now()
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            let reason = "unreadable: \(String(cString: strerror(error.code)))"
            return quarantine(path: path, sha256: nil, size: nil, format: nil, reason: reason, received: received)
        }
        let sha256 = file.withBytes { ContentHash.sha256($0) }
        let hashed = Timestamp.now()
        if let known = try catalog.knownOriginal(sha256: sha256) {
            logger.debug("bytes already recorded as object \(known.id)", metadata: ["path": "\(path)"])
            return Examination(path: path, size: Int64(file.size),
                               action: .link(objectID: known.id, quarantineReason: known.quarantineReason))
        }
        guard file.size > 0 else {
            return quarantine(path: path, sha256: sha256, size: 0, format: nil,
                              reason: "empty file (0 bytes)", received: received, hashed: hashed)
        }
        guard let format = file.sniffedFormat else {
            let head = file.withBytes { $0.prefix(4).map { String(format: "%02X", $0) }.joined(separator: " ") }
            return quarantine(path: path, sha256: sha256, size: file.size, format: nil,
                              reason: "not a TIFF, PNG or JPEG file (starts with \(head))",
                              received: received, hashed: hashed)
        }
        let info: ImageInfo
        do {
            info = try file.withBytes { bytes throws(RasterError) in try ImageDecoder.validate(bytes, limits: limits) }
        } catch {
            return quarantine(path: path, sha256: sha256, size: file.size, format: format,
                              reason: Self.oneLine(error.description), received: received, hashed: hashed)
        }
        let validated = Timestamp.now()
        let metadataResult = Result { () throws(MetadataError) -> ImageMetadata in
            try file.withBytes { bytes throws(MetadataError) in try MetadataReader.read(bytes, format: format) }
        }
        let puid = file.withBytes { PRONOMFormat.puid(of: $0, format: format, metadata: try? metadataResult.get()) }
        return record(path: path, sha256: sha256, size: file.size, format: format, puid: puid, info: info,
                      metadata: metadataResult, times: (received, hashed, validated, Timestamp.now()))
    }

    /// Writes what `examinations` decided: new objects in one transaction, links to known ones in another.
    func commit(_ examinations: [Examination]) throws -> [IngestOutcome] {
        let records = examinations.compactMap { if case let .record(new, _) = $0.action { new } else { nil } }
        var recorded = try catalog.record(records, by: Agent.conservator).makeIterator()
        let links = examinations.compactMap { if case let .link(id, _) = $0.action { (id, $0.path) } else { nil } }
        if !links.isEmpty { try catalog.linkPaths(links) }
        return examinations.map { examination in
            switch examination.action {
            case let .link(id, reason?):
                return .quarantined(objectID: id, path: examination.path, reason: reason)
            case let .link(id, nil):
                return .duplicate(objectID: id, path: examination.path)
            case let .record(_, reason):
                switch recorded.next()! {
                // Another process recorded the same bytes between our check and our write.
                case let .alreadyRecorded(id, _) where reason == nil: return .duplicate(objectID: id, path: examination.path)
                case let .inserted(id), let .alreadyRecorded(id, _):
                    if let reason { return .quarantined(objectID: id, path: examination.path, reason: reason) }
                    return .ingested(objectID: id, path: examination.path)
                }
            }
        }
    }

    private func record(
        path: String, sha256: String, size: Int, format: ImageFormat, puid: String?, info: ImageInfo,
        metadata: Result<ImageMetadata, MetadataError>,
        times: (received: String, hashed: String, validated: String, extracted: String)
    ) -> Examination {
        var object = StoredObject(
            status: .accepted, sha256: sha256, size: Int64(size), format: format.rawValue,
            mediaType: format.mediaType, width: info.width, height: info.height, channels: info.channels,
            bitDepth: info.bitDepth, colorModel: info.colorModel.rawValue, compression: info.compression,
            pageCount: info.pageCount, createdAt: times.received, pronomPuid: puid)
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
        var validation = NewEvent(.validation, .success, Self.describe(info), occurredAt: times.validated)
        // The decoder found the pixel data whole but said something about the file (an invalid ICC
        // profile, a describing tag ignored): accepted, and the message recorded for a curator.
        if !info.warnings.isEmpty {
            validation.outcome = .warning
            validation.detail += "; decoder warnings: " + info.warnings.map(Self.oneLine).joined(separator: "; ")
        }
        // The content decides the format; a name that says otherwise is worth a curator's look (a renamed
        // file, a wrong export), so the validation carries a warning.
        if let claimed = ImageFormat.claimed(byName: path), claimed != format {
            validation.outcome = .warning
            validation.detail += "; the name says \(claimed.rawValue.uppercased()) but the content is "
                + "\(format.rawValue.uppercased()) (recorded as \(format.rawValue))"
        }
        let events = [
            NewEvent(.ingestion, .success, "received \(path)", occurredAt: times.received),
            NewEvent(.messageDigestCalculation, .success, "SHA-256 \(sha256) over \(size) bytes", occurredAt: times.hashed),
            validation,
            extraction,
        ]
        return Examination(path: path, size: Int64(size),
                           action: .record(NewObject(object: object, path: path, metadata: tags, events: events),
                                           quarantineReason: nil))
    }

    /// The record of a file not accepted. Not logged here: the caller reports the outcome once, with the
    /// object it was recorded as (the daemon's log line, the ingest command's line).
    private func quarantine(path: String, sha256: String?, size: Int?, format: ImageFormat?, reason: String,
                            received: String, hashed: String? = nil) -> Examination {
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
        return Examination(path: path, size: Int64(size ?? 0),
                           action: .record(NewObject(object: object, path: path, events: events), quarantineReason: reason))
    }

    /// The validation event's detail: what the file is, and how much of it was proven (a JPEG's damage
    /// shows in its entropy-coded data, which validation reads in full without computing pixels).
    static func describe(_ info: ImageInfo) -> String {
        let proof = info.format == .jpeg ? "every block's entropy-coded data read" : "every pixel decoded"
        var text = "\(info.format.rawValue.uppercased()) \(info.width)x\(info.height), \(info.colorModel.rawValue), "
            + "\(info.bitDepth)-bit, \(info.compression); \(proof)"
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

/// A batch being recorded on another thread while the next one is examined.
private final class BatchRecording: Sendable {
    private let done = DispatchGroup()
    private let result = Mutex<Result<[IngestOutcome], any Error>?>(nil)

    /// Starts `record` on a dispatch thread.
    init(_ record: @escaping @Sendable () throws -> [IngestOutcome]) {
        DispatchQueue.global().async(group: done) { [self] in
            let outcome = Result { try record() }
            result.withLock { $0 = outcome }
        }
    }

    /// Waits for the recording and returns its outcomes, or throws its error.
    func outcomes() throws -> [IngestOutcome] {
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
