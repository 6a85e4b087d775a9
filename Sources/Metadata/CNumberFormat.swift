#if canImport(Glibc)
import Glibc
#endif

/// `%.Ng` formatting through the C library, as Perl (and so ExifTool) prints numbers.
///
/// Foundation's `String(format:)` gives the same text, but at several microseconds a call it was a
/// visible share of bulk ingest, which formats dozens of rationals per file.
enum CNumberFormat {
    /// `value` with `digits` significant digits, `%g` style ("0.008", "1e-05", "300").
    static func general(_ value: Double, digits: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            _ = withVaList([digits, value]) { vsnprintf(buffer.baseAddress, 40, "%.*g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }
}
