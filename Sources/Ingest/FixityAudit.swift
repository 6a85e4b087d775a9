import Fixity
import Catalog
import Foundation
import ImageSource

/// A fixity audit: re-hashes every original, accepted or quarantined, at every path it is expected at, and
/// records a PREMIS `fix` event for each (outcome `suc` when the SHA-256 matches, `fai` when the file is
/// missing, unreadable or changed).
///
/// Quarantined files are checked too, and reported apart: the catalog's quarantine record describes those
/// bytes (the reason they were refused), so a quarantined file that changed or went missing is a finding
/// like an original's. One that was unreadable at ingest has no SHA-256; only its presence is checked, and
/// its event is a `war` saying that nothing could be compared.
///
/// ```swift
/// let report = try FixityAudit(catalog: catalog).run()
/// if report.hasFindings { exit(1) }
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
        /// `nil` for a quarantined file that was unreadable at ingest.
        public var expectedSHA256: String?
        public var kind: Kind
        /// Whether the object is a quarantine record rather than an accepted original.
        public var quarantined = false

        /// One line for a terminal or a report.
        public var description: String {
            let object = (quarantined ? "quarantined object " : "object ") + "\(objectID)"
            return switch kind {
            case .missing: "\(path): missing (\(object))"
            case let .unreadable(reason): "\(path): unreadable: \(reason) (\(object))"
            case let .changed(actual):
                "\(path): changed (\(object)): expected SHA-256 \(expectedSHA256 ?? "none"), found \(actual)"
            }
        }
    }

    /// What the audit found in one kind of object (accepted originals, or quarantined files).
    public struct Findings: Sendable, Equatable {
        /// How many (object, path) pairs were checked.
        public var checked = 0
        public var problems: [Problem] = []
        /// Paths of quarantined files that were unreadable at ingest and are still there: present, but with
        /// no recorded SHA-256 to compare. Not problems.
        public var notHashed: [String] = []

        /// Paths whose bytes match what was recorded.
        public var intact: Int { checked - problems.count - notHashed.count }
    }

    /// The audit's findings: accepted originals, and quarantined files apart.
    public struct Report: Sendable, Equatable {
        /// Accepted originals: how many (object, path) pairs were checked.
        public var checked = 0
        /// Accepted originals that are missing, unreadable or changed.
        public var problems: [Problem] = []
        /// Quarantined files.
        public var quarantined = Findings()

        /// Whether any file, accepted or quarantined, is missing, unreadable or changed.
        public var hasFindings: Bool { !problems.isEmpty || !quarantined.problems.isEmpty }
    }

    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// The number of objects `run` checks (for a progress bar).
    public func objectCount() throws -> Int {
        try catalog.fixityTargets(status: .accepted).count + catalog.fixityTargets(status: .quarantined).count
    }

    /// Runs the audit, calling `progress(done, total)` after each object.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        let accepted = try catalog.fixityTargets(status: .accepted)
        let quarantined = try catalog.fixityTargets(status: .quarantined)
        let total = accepted.count + quarantined.count
        var originals = Findings()
        var quarantine = Findings()
        for (index, target) in accepted.enumerated() {
            try check(target, quarantined: false, into: &originals)
            progress(index + 1, total)
        }
        for (index, target) in quarantined.enumerated() {
            try check(target, quarantined: true, into: &quarantine)
            progress(accepted.count + index + 1, total)
        }
        return Report(checked: originals.checked, problems: originals.problems, quarantined: quarantine)
    }

    /// Checks every held path of `target` and records one `fix` event per path.
    private func check(_ target: ObjectSummary, quarantined: Bool, into findings: inout Findings) throws {
        guard let objectID = target.object.id else { return }
        let expected = target.object.sha256
        for path in target.paths {
            findings.checked += 1
            let event: NewEvent
            if let kind = check(path: path, expected: expected) {
                let problem = Problem(objectID: objectID, path: path, expectedSHA256: expected, kind: kind,
                                      quarantined: quarantined)
                findings.problems.append(problem)
                event = NewEvent(.fixityCheck, .failure, problem.description)
            } else if expected == nil {
                findings.notHashed.append(path)
                event = NewEvent(.fixityCheck, .warning,
                                 "\(path): present; not hashed at ingest (unreadable then), nothing to compare")
            } else {
                event = NewEvent(.fixityCheck, .success, "\(path): SHA-256 matches")
            }
            try catalog.recordEvent(event, objectID: objectID, by: Agent.conservator)
        }
    }

    /// What is wrong with `path`, or `nil` when it holds `expected` — or, with no SHA-256 recorded, when
    /// it is there at all (it may still be unreadable: that is why it has no SHA-256).
    private func check(path: String, expected: String?) -> Problem.Kind? {
        guard let expected else {
            var status = stat()
            guard lstat(path, &status) != 0 else { return nil }
            let error = errno
            // A file whose name is not UTF-8 is recorded, unread, at a printable path with each byte that
            // is not as `\xNN` (the daemon's `PrintableName`): it is looked for under its real name too.
            if let name = Self.bytes(ofPrintable: path), name.withUnsafeBufferPointer({ name in
                name.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &status) == 0 }
            }) {
                return nil
            }
            return error == ENOENT ? .missing : .unreadable(String(cString: strerror(error)))
        }
        do {
            let file = try MappedFile(path: path)
            let actual = file.withBytes { ContentHash.sha256($0) }
            return actual == expected ? nil : .changed(actualSHA256: actual)
        } catch {
            return error.code == ENOENT ? .missing : .unreadable(String(cString: strerror(error.code)))
        }
    }

    /// The NUL-terminated bytes of a printable path (`caf\xE9.png`), each `\xNN` turned back into its byte;
    /// `nil` when `path` has none.
    private static func bytes(ofPrintable path: String) -> [UInt8]? {
        let text = Array(path.utf8)
        var bytes: [UInt8] = []
        var index = 0
        var decoded = false
        while index < text.count {
            if text[index] == UInt8(ascii: "\\"), index + 3 < text.count, text[index + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: text[index + 2...index + 3], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 4
                decoded = true
            } else {
                bytes.append(text[index])
                index += 1
            }
        }
        return decoded ? bytes + [0] : nil
    }
}
