import CShims

/// printf-style number formatting through the C library, as Perl (and so ExifTool) prints numbers.
///
/// Foundation's `String(format:)` gives the same text, but at several microseconds a call it was a
/// visible share of bulk ingest, which formats dozens of rationals per file; the C shim also spares the
/// `va_list` Swift would build for `vsnprintf`.
enum CNumberFormat {
    /// `value` with `digits` significant digits, `%g` style ("0.008", "1e-05", "300").
    static func general(_ value: Double, digits: Int32) -> String {
        formatted { cshim_format_general($0, $1, digits, value) }
    }

    /// `value` with `decimals` decimals, zero-padded to `width` characters (`%0*.*f`).
    static func fixed(_ value: Double, width: Int32, decimals: Int32) -> String {
        formatted { cshim_format_fixed($0, $1, width, decimals, value) }
    }

    /// `value` with at least `digits` digits (`%.*d`: "07", "-07", "123").
    static func integer(_ value: Int, digits: Int32) -> String {
        formatted { cshim_format_integer($0, $1, digits, value) }
    }

    /// The text a C formatter writes into a buffer (a double's `%f` can be 300 digits long).
    private static func formatted(_ write: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            _ = write(buffer.baseAddress!, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }
}
