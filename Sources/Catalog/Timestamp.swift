import Foundation

/// The catalog's one time format: UTC ISO 8601 with milliseconds, which sorts lexically as time.
public enum Timestamp {
    /// Now, formatted.
    public static func now() -> String { format(Date()) }

    /// `date` as `2026-11-25T08:27:00.123Z` (milliseconds truncated, as Foundation's ISO 8601 style does).
    /// Written out with `gmtime_r` because ingest stamps several rows per file and the format style costs
    /// microseconds per call; a test checks both agree.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        var fields = tm()
        guard gmtime_r(&seconds, &fields) != nil else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        }
        let milliseconds = min(Int((interval - whole) * 1000), 999)
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(Int(fields.tm_year) + 1900, 4))-\(digits(Int(fields.tm_mon) + 1, 2))-\(digits(Int(fields.tm_mday), 2))"
            + "T\(digits(Int(fields.tm_hour), 2)):\(digits(Int(fields.tm_min), 2)):\(digits(Int(fields.tm_sec), 2))"
            + ".\(digits(milliseconds, 3))Z"
    }

    /// Parses a full timestamp, or a plain date `YYYY-MM-DD` (midnight UTC), as curators type them.
    public static func parse(_ text: String) -> Date? {
        if let full = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text) {
            return full
        }
        if let seconds = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text) {
            return seconds
        }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().parse(text)
    }
}
