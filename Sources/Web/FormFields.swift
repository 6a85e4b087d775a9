import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body or a query string: the first value of each
/// name, `+` read as a space.
struct FormFields: Sendable {
    private let values: [String: [String]]

    init(_ text: String) {
        var values: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]) else { continue }
            values[name, default: []].append(parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
        self.values = values
    }

    init(_ body: ByteBuffer) { self.init(String(buffer: body)) }

    /// The first value of `name`; `nil` when absent or empty.
    subscript(name: String) -> String? {
        values[name]?.first.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every non-empty value of `name`.
    func all(_ name: String) -> [String] { values[name, default: []].filter { !$0.isEmpty } }
}
