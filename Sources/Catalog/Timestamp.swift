import Foundation

/// The catalog's one time format: UTC ISO 8601 with milliseconds, which sorts lexically as time.
public enum Timestamp {
    /// Now, formatted.
    public static func now() -> String { format(Date()) }

    /// `date` as `2026-11-25T08:27:00.123Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
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
