import Fixity
import Catalog
import Foundation
import ImageSource

/// A fixity audit: re-hashes every accepted original at every path it was recorded at, and records a
/// PREMIS `fix` event for each (outcome `suc` when the SHA-256 matches, `fai` when the file is missing,
/// unreadable or changed).
///
/// ```swift
/// let report = try FixityAudit(catalog: catalog).run()
/// if !report.problems.isEmpty { exit(1) }
/// ```
public struct FixityAudit: Sendable {
    /// One path whose bytes are not what was recorded.
    public struct Problem: Sendable, Equatable {
        /// Why the path failed the check.
        public enum Kind: Sendable, Equatable {
            case missing
            case unreadable(String)
            case changed(actualSHA256: String)
        }
        public var objectID: Int64
        public var path: String
        public var expectedSHA256: String
        public var kind: Kind

        /// One line for a terminal or a report.
        public var description: String {
            switch kind {
            case .missing: "\(path): missing (object \(objectID))"
            case let .unreadable(reason): "\(path): unreadable: \(reason) (object \(objectID))"
            case let .changed(actual): "\(path): changed (object \(objectID)): expected SHA-256 \(expectedSHA256), found \(actual)"
            }
        }
    }

    /// The audit's findings.
    public struct Report: Sendable, Equatable {
        /// How many (object, path) pairs were checked.
        public var checked = 0
        public var problems: [Problem] = []
    }

    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Runs the audit, calling `progress(done, total)` after each object.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        var report = Report()
        let targets = try catalog.fixityTargets()
        for (index, target) in targets.enumerated() {
            guard let objectID = target.object.id, let expected = target.object.sha256 else { continue }
            for path in target.paths {
                report.checked += 1
                let kind = check(path: path, expected: expected)
                let event: NewEvent
                if let kind {
                    let problem = Problem(objectID: objectID, path: path, expectedSHA256: expected, kind: kind)
                    report.problems.append(problem)
                    event = NewEvent(.fixityCheck, .failure, problem.description)
                } else {
                    event = NewEvent(.fixityCheck, .success, "\(path): SHA-256 matches")
                }
                try catalog.recordEvent(event, objectID: objectID, by: Agent.conservator)
            }
            progress(index + 1, targets.count)
        }
        return report
    }

    private func check(path: String, expected: String) -> Problem.Kind? {
        do {
            let file = try MappedFile(path: path)
            let actual = file.withBytes { ContentHash.sha256($0) }
            return actual == expected ? nil : .changed(actualSHA256: actual)
        } catch {
            return error.code == ENOENT ? .missing : .unreadable(String(cString: strerror(error.code)))
        }
    }
}
