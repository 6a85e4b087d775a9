import Foundation
import Ingest
import Logging

/// Writes each log record as one line of standard error for a person (or journald) to read:
/// `2026-12-02T10:00:00Z warning conservator.watch: quarantined: … object=12 path=/srv/ingest/x.tif`.
///
/// Every control character in the message and the metadata is written as `\xNN`: file names come from
/// outside, and a name holding a newline must not be able to start a line that looks like the daemon's own.
public struct HumanLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String

    /// A handler for loggers named `label`.
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data((Self.line(event, label: label, metadata: metadata.merging(
            metadataProvider?.get() ?? [:]) { $1 }) + "\n").utf8))
    }

    /// The line for `event`, without its newline.
    static func line(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.keys.sorted().map { "\(PrintableName.escape($0))=\(PrintableName.escape("\(merged[$0]!)"))" }
        let time = Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
        return ([time, event.level.rawValue, "\(label):", PrintableName.escape(event.message.description)] + fields)
            .joined(separator: " ")
    }
}
