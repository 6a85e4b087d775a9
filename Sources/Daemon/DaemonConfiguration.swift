import Foundation
import Installation
// Re-exported: DaemonConfiguration's initializers throw ConfigurationError, so its users need the type.
import YAMLConfiguration

/// What `conservator watch` does, read from `conservator.yaml` (a documented example is
/// `deploy/conservator.yaml`).
///
/// Relative paths are resolved against the folder holding the configuration file, so a configuration
/// can be moved with the folders it names.
///
/// ```swift
/// let configuration = try DaemonConfiguration(contentsOf: "/etc/conservator/conservator.yaml")
/// for folder in configuration.folders { print(folder.path, folder.recursive ? "and sub-folders" : "") }
/// ```
public struct DaemonConfiguration: Sendable, Equatable {
    /// What happens to a file that is quarantined.
    public enum QuarantinePolicy: Sendable, Equatable {
        /// The file stays where it arrived (it is recorded, with its reason, and not looked at again).
        case leave
        /// The file is moved into this folder (keeping its name, made unique when taken).
        case move(to: String)
    }

    /// What happens to an original once it is recorded.
    public enum AfterIngest: Sendable, Equatable {
        /// The file stays in the ingest folder.
        case leave
        /// The file is moved into this archive folder, and its SHA-256 is checked again at the new place
        /// before the old one is removed.
        case move(to: String)
    }

    /// An ingest folder and what to do with what lands in it.
    public struct Folder: Sendable, Equatable {
        /// The folder watched (absolute).
        public var path: String
        /// The pipeline run on each new original, by name (a file in ``DaemonConfiguration/pipelines``);
        /// `nil` records originals only.
        public var pipeline: String?
        /// Whether sub-folders (including ones created later) are watched too.
        public var recursive: Bool
        /// File-name patterns (shell globs, `*.tif`) a file must match one of; empty: every file.
        public var include: [String]
        /// File-name patterns that exclude a file even when included.
        public var exclude: [String]
        /// What happens to an original after it is recorded.
        public var afterIngest: AfterIngest

        /// Whether a file named `name` in this folder is one to ingest (by the patterns alone; hidden and
        /// temporary names are skipped before this is asked).
        public func accepts(name: String) -> Bool {
            let included = include.isEmpty || include.contains { fnmatch($0, name, 0) == 0 }
            return included && !exclude.contains { fnmatch($0, name, 0) == 0 }
        }
    }

    /// The configuration file this was read from (absolute).
    public var file: String
    /// The catalog database.
    public var catalog: String
    /// Where derivatives are written (one sub-folder per original).
    public var derivatives: String
    /// The folder of named pipelines, and the folder of models; `nil`: the ones shipped with Conservator.
    public var pipelines: String?
    public var models: String?
    /// What happens to quarantined files.
    public var quarantine: QuarantinePolicy
    /// How many files are processed at once.
    public var workers: Int
    /// Images with more pixels are refused from their header.
    public var maxPixels: Int
    /// How long a file's size and modification time must stay unchanged before it is taken, for writers
    /// that close and reopen a file (network shares, some scanner software).
    public var stabilitySeconds: Double
    /// How many times a failing job is tried before it is marked failed.
    public var maxAttempts: Int
    /// This process's id among the workers sharing the catalog (`worker-id`; default: the host name, so a daemon
    /// restarted on the same machine takes back at once the jobs it held when it stopped).
    public var workerID: String
    /// How long a claimed job stays this worker's without a renewal (`lease-seconds`): a worker renews every
    /// third of it; after a kill, other workers take its jobs once it has passed.
    public var leaseSeconds: Double
    /// How long a stop (SIGTERM, SIGINT, SIGHUP's reload) waits for running work before leaving it to the
    /// next start.
    public var stopGraceSeconds: Double
    /// Log lines as text for people or JSON lines for a collector.
    public var logFormat: LogFormat
    /// The ingest folders.
    public var folders: [Folder]
    /// How `conservator serve` runs (the `serve:` section).
    public var serve: Serve
    /// The institution running this installation (the `institution:` section), named in exports; `nil` when
    /// the configuration names none.
    public var institution: Institution?

    /// The `serve:` section: the web interface's address, how long a sign-in lasts, and whether its
    /// cookies are for HTTPS only (a TLS proxy in front).
    public struct Serve: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var sessionMinutes = 480
        public var secureCookies = false

        public init() {}
    }

    /// The two log line formats.
    public enum LogFormat: String, Sendable, Equatable {
        case human
        case json
    }

    /// Reads and validates the configuration at `path`.
    public init(contentsOf path: String) throws(ConfigurationError) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the configuration: \(error.localizedDescription)")
        }
        try self.init(yaml: text, file: url.path)
    }

    /// Validates configuration `yaml` as if read from `file` (whose folder relative paths are resolved in).
    public init(yaml: String, file: String) throws(ConfigurationError) {
        self.file = file
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
        }
        let root = try YAMLNode.root(of: yaml, file: file).mapping(allowing: [
            "catalog", "derivatives", "quarantine", "workers", "max-pixels", "stability-seconds", "max-attempts",
            "log-format", "pipelines", "models", "stop-grace-seconds", "folders", "serve", "institution",
            "worker-id", "lease-seconds",
        ])
        catalog = absolute(try root["catalog"]?.text() ?? "conservator.db")
        derivatives = absolute(try root["derivatives"]?.text() ?? "derivatives")
        let pipelinesText = try root["pipelines"]?.text()
        let modelsText = try root["models"]?.text()
        pipelines = pipelinesText.map { absolute($0) }
        models = modelsText.map { absolute($0) }
        workers = try root["workers"]?.integer(in: 1...64) ?? ProcessInfo.processInfo.activeProcessorCount
        maxPixels = try root["max-pixels"]?.integer(in: 1...Int(Int32.max) * 16) ?? 500_000_000
        stabilitySeconds = try root["stability-seconds"]?.number(in: 0...3600) ?? 2
        maxAttempts = try root["max-attempts"]?.integer(in: 1...100) ?? 3
        stopGraceSeconds = try root["stop-grace-seconds"]?.number(in: 0...86400) ?? 60
        workerID = ProcessInfo.processInfo.hostName
        if let node = root["worker-id"] {
            workerID = try node.text()
            guard !workerID.trimmingCharacters(in: .whitespaces).isEmpty else { throw node.error("'worker-id' must not be empty") }
        }
        leaseSeconds = try root["lease-seconds"]?.number(in: 1...86400) ?? 60
        logFormat = LogFormat(rawValue: try root["log-format"]?.choice(["human", "json"]) ?? "human") ?? .human

        serve = Serve()
        if let node = root["serve"] {
            let settings = try YAMLNode(node: node.node, file: file, what: "the serve settings")
                .mapping(allowing: ["listen", "session-minutes", "secure-cookies"])
            if let listen = settings["listen"] {
                guard let address = ListenAddress(try listen.text()) else {
                    throw listen.error("'listen' must be HOST:PORT, e.g. 127.0.0.1:8080")
                }
                serve.host = address.host
                serve.port = address.port
            }
            serve.sessionMinutes = try settings["session-minutes"]?.integer(in: 1...10080) ?? serve.sessionMinutes
            serve.secureCookies = try settings["secure-cookies"]?.flag() ?? serve.secureCookies
        }

        institution = try root["institution"].map { node throws(ConfigurationError) in try InstitutionSettings.read(node, file: file) }

        quarantine = .leave
        if let node = root["quarantine"] {
            let settings = try YAMLNode(node: node.node, file: file, what: "the quarantine settings")
                .mapping(allowing: ["policy", "folder"])
            let policy = try settings["policy"]?.choice(["leave", "move"]) ?? "leave"
            if policy == "move" {
                guard let folder = settings["folder"] else {
                    throw node.error("quarantine policy 'move' needs a 'folder'")
                }
                quarantine = .move(to: absolute(try folder.text()))
            } else if let folder = settings["folder"] {
                throw folder.error("'folder' is only used with quarantine policy 'move'")
            }
        }

        guard let foldersNode = root["folders"] else {
            throw ConfigurationError(file: file, line: 1, column: 1, message: "no 'folders': name at least one ingest folder")
        }
        var folders: [Folder] = []
        for node in try foldersNode.sequence(of: "a folder") {
            folders.append(try Self.folder(node, absolute: absolute))
        }
        guard !folders.isEmpty else { throw foldersNode.error("'folders' is empty: name at least one ingest folder") }
        for (index, folder) in folders.enumerated() {
            if let earlier = folders[..<index].first(where: { Self.overlap($0.path, folder.path) }) {
                throw foldersNode.error("ingest folders \(earlier.path) and \(folder.path) overlap; "
                    + "a file must belong to one folder")
            }
        }
        var storage: [(String, String)] = [("the catalog's folder", URL(fileURLWithPath: catalog).deletingLastPathComponent().path),
                                           ("the derivatives folder", derivatives)]
        if case let .move(to) = quarantine { storage.append(("the quarantine folder", to)) }
        for folder in folders {
            if case let .move(to) = folder.afterIngest { storage.append(("the archive folder", to)) }
        }
        // What the daemon writes must not land where it watches, or it would ingest its own output.
        for (name, path) in storage {
            if let watched = folders.first(where: { Self.contains($0.path, path) }) {
                throw foldersNode.error("\(name) \(path) is inside the ingest folder \(watched.path)")
            }
        }
        self.folders = folders
    }

    /// Creates the folders the daemon writes to when they are missing: the catalog's, the derivatives
    /// root, the quarantine folder and every archive folder. Ingest folders are not created: a missing
    /// one is a mistake (a share not mounted) that must be reported, not papered over.
    public func prepareFolders() throws(DaemonError) {
        for folder in [URL(fileURLWithPath: catalog).deletingLastPathComponent().path, derivatives] + moveDestinations {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotPrepare(folder: folder, reason: error.localizedDescription)
            }
        }
    }

    /// The folders files are moved into: the quarantine folder and the archive folders.
    public var moveDestinations: [String] {
        var destinations: [String] = []
        if case let .move(to) = quarantine { destinations.append(to) }
        for folder in folders {
            if case let .move(to) = folder.afterIngest { destinations.append(to) }
        }
        return destinations
    }

    private static func folder(_ node: YAMLNode, absolute: (String) -> String) throws(ConfigurationError) -> Folder {
        let keys = try node.mapping(allowing: ["path", "pipeline", "recursive", "include", "exclude", "after-ingest"])
        guard let pathNode = keys["path"] else { throw node.error("a folder needs a 'path'") }
        var afterIngest = AfterIngest.leave
        if let after = keys["after-ingest"] {
            let settings = try YAMLNode(node: after.node, file: node.file, what: "'after-ingest'")
                .mapping(allowing: ["action", "archive"])
            let action = try settings["action"]?.choice(["leave", "move"]) ?? "leave"
            if action == "move" {
                guard let archive = settings["archive"] else {
                    throw after.error("after-ingest action 'move' needs an 'archive' folder")
                }
                afterIngest = .move(to: absolute(try archive.text()))
            } else if let archive = settings["archive"] {
                throw archive.error("'archive' is only used with after-ingest action 'move'")
            }
        }
        let pipeline = try keys["pipeline"]?.text()
        return Folder(path: absolute(try pathNode.text()),
                      pipeline: pipeline == "none" ? nil : pipeline,
                      recursive: try keys["recursive"]?.flag() ?? false,
                      include: try keys["include"]?.texts() ?? [],
                      exclude: try keys["exclude"]?.texts() ?? [],
                      afterIngest: afterIngest)
    }

    private static func overlap(_ a: String, _ b: String) -> Bool {
        contains(a, b) || contains(b, a)
    }

    /// Whether `path` is `folder` or lies below it.
    private static func contains(_ folder: String, _ path: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
