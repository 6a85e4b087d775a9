import ArgumentParser
import Foundation
import Ingest
import Raster

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Record originals: SHA-256, every metadata tag, validation, PREMIS events.",
        discussion: """
            Each file is opened read-only and never changed. Files that cannot be read or fail validation are \
            recorded as quarantined with a one-line reason, and the run continues. Bytes already in the catalog \
            are not recorded twice: the new path is linked to the existing object.

            Exits 0 when every file was accepted, 1 when any was quarantined, 66 when a given path does not exist.
            """)

    @OptionGroup var options: CatalogOptions

    @Argument(help: ArgumentHelp("Files or folders to ingest.", valueName: "path"))
    var paths: [String]

    @Flag(name: .shortAndLong, help: "Descend into sub-folders.")
    var recursive = false

    @Option(help: ArgumentHelp("Refuse images with more pixels than this (checked from the header, before decoding).",
                               valueName: "count"))
    var maxPixels: Int = DecodeLimits.standard.maxPixels

    @Flag(help: "Print each file's outcome and the totals as JSON.")
    var json = false

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
    }

    func run() throws {
        let catalog = try options.open(creatingIfMissing: true)
        // A name that is not UTF-8 reaches `paths` with its bad bytes replaced, naming no file: take it from
        // the raw arguments instead, to be quarantined with that reason rather than called missing.
        let unnamable = CommandLine.unnamableArguments
        var candidates = IngestCandidates(paths: paths.filter { !unnamable.keys.contains($0) }, recursive: recursive)
        candidates.unnamable += unnamable.values.sorted()
        for skipped in candidates.skipped { ExitStatus.report("skipped \(skipped)") }
        let service = IngestService(catalog: catalog, limits: DecodeLimits(maxPixels: maxPixels))
        var bar = ProgressBar(label: "ingest", total: candidates.files.count)
        let started = Date()
        let summary = try ExitStatus.guarding {
            try service.ingest(candidates) { progress in
                bar.update(done: progress.done, total: progress.total,
                           note: String(format: "%.1f MB", Double(progress.bytes) / 1e6))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            try JSONOutput.print(IngestReport(summary: summary, seconds: seconds))
        } else {
            for outcome in summary.outcomes {
                if case let .quarantined(id, path, reason) = outcome {
                    Console.print("quarantined \(path) (object \(id)): \(reason)")
                }
            }
            for path in summary.missing { ExitStatus.report("\(path): no such file or folder") }
            Console.print("ingested \(summary.ingested), duplicates \(summary.duplicates), quarantined \(summary.quarantined)"
                  + String(format: " in %.2f s", seconds) + " — catalog \(catalog.path)")
        }
        if !summary.missing.isEmpty { throw ExitStatus.notFound }
        if summary.quarantined > 0 { throw ExitStatus.findings }
    }
}

/// The `--json` shape of an ingest run.
private struct IngestReport: Encodable {
    struct File: Encodable {
        var path: String
        var objectId: Int64
        var outcome: String
        var reason: String?
    }
    var ingested: Int
    var duplicates: Int
    var quarantined: Int
    var missing: [String]
    var seconds: Double
    var files: [File]

    init(summary: IngestSummary, seconds: Double) {
        ingested = summary.ingested
        duplicates = summary.duplicates
        quarantined = summary.quarantined
        missing = summary.missing
        self.seconds = seconds
        files = summary.outcomes.map { outcome in
            switch outcome {
            case let .ingested(id, path): File(path: path, objectId: id, outcome: "ingested")
            case let .duplicate(id, path): File(path: path, objectId: id, outcome: "duplicate")
            case let .quarantined(id, path, reason): File(path: path, objectId: id, outcome: "quarantined", reason: reason)
            }
        }
    }
}

extension CommandLine {
    /// The arguments that are not valid UTF-8, keyed by the text ArgumentParser received for them (bad bytes
    /// replaced), each as an absolute printable path (bad bytes as `\xNN`).
    static var unnamableArguments: [String: String] {
        var found: [String: String] = [:]
        let folder = FileManager.default.currentDirectoryPath
        for index in 1..<Int(argc) {
            guard let argument = unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self),
                                                  count: strlen(argument)))
            guard String(validating: bytes, as: UTF8.self) == nil else { continue }
            let printable = PrintableName.escape(bytes)
            found[String(decoding: bytes, as: UTF8.self)] = printable.hasPrefix("/") ? printable : folder + "/" + printable
        }
        return found
    }
}
