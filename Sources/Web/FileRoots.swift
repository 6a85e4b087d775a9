import Foundation

/// The folders the web interface may read files from, and the check every served path passes: absolute,
/// without `..`, and — with every link resolved — inside one of them. A link inside a root that leads
/// outside is refused like any other outside path.
struct FileRoots: Sendable {
    /// Each root with its links resolved.
    let roots: [String]

    init(_ roots: [String]) {
        self.roots = roots.compactMap(Self.resolved)
    }

    /// The resolved path of `path` when it may be served; `nil` otherwise.
    func permitted(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.split(separator: "/").contains(".."), let real = Self.resolved(path) else {
            return nil
        }
        return roots.contains { real.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } ? real : nil
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
