import Foundation
import Ingest
import Logging

/// Writes each log record as one line of standard error, in the configuration's `log-format`:
/// - `human`, for a person or journald: `2026-12-02T10:00:00Z warning conservator.watch: quarantined: …
///   object=12 path=/srv/ingest/x.tif`. Every control character in the message and the metadata is written as
///   `\xNN`: file names come from outside, and a name holding a newline must not be able to start a line that
///   looks like the daemon's own.
/// - `json`, for log collectors (journald's JSON export, Loki, Elasticsearch): `{"time":"…","level":"warning",
///   "message":"quarantined: …","path":"/srv/ingest/x.tif","object":"12","label":"conservator.watch"}`.
public struct LogLineHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let format: DaemonConfiguration.LogFormat

    /// A handler for loggers named `label`.
    public init(label: String, format: DaemonConfiguration.LogFormat) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        guard let line = format == .json ? Self.json(event, label: label, metadata: merged)
                : Self.human(event, label: label, metadata: merged) else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The human line for `event`, without its newline.
    static func human(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        let fields = metadata.keys.sorted().map { "\(PrintableName.escape($0))=\(PrintableName.escape("\(metadata[$0]!)"))" }
        let time = Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
        return ([time, event.level.rawValue, "\(label):", PrintableName.escape(event.message.description)] + fields)
            .joined(separator: " ")
    }

    /// The JSON object for `event` (JSON escapes control characters itself).
    static func json(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String? {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        fields["time"] = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        fields["level"] = event.level.rawValue
        fields["message"] = event.message.description
        fields["label"] = label
        guard let line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        return String(decoding: line, as: UTF8.self)
    }
}
