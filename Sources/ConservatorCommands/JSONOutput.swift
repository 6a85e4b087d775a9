import Catalog
import Foundation

/// Data printed with `--json`: pretty, keys sorted and snake_case, so output diffs cleanly and matches
/// the catalog's column names.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let data = try JSONEncoder.conservator(snakeCaseKeys: true).encode(value)
        Console.current.output(Array(data) + [0x0A])
    }
}
