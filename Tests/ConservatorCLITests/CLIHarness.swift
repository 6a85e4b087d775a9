import Foundation

/// Runs the built `conservator` binary, which `swift build --build-tests` puts beside the test bundle.
struct CLIHarness {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository, and its shipped pipelines.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let repositoryPipelines = repositoryRoot.appendingPathComponent("Pipelines").path

    let root: URL
    var catalogPath: String { root.appendingPathComponent("catalog.db").path }

    static var binary: URL {
        // .build/<config>/<Package>PackageTests.xctest → .build/<config>/conservator
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
        let candidates = [directory, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        for candidate in candidates {
            let url = candidate.appendingPathComponent("conservator")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return directory.appendingPathComponent("conservator")
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("conservator-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    /// Runs `conservator ARGS` (optionally through a wrapper such as setpriv) in the work folder.
    @discardableResult
    /// `binary` replaces the built one, `environment` adds to the inherited variables, `input` is its
    /// standard input (none: the test's own).
    func run(_ arguments: [String], through wrapper: [String] = [], binary: URL = Self.binary,
             environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        if wrapper.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: wrapper[0])
            process.arguments = Array(wrapper.dropFirst()) + [binary.path] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `conservator watch --config CONFIG` in the work folder and returns it running, with its standard
    /// error in the returned pipe (for tests that signal, kill or wait for the daemon).
    func startWatch(config: String) throws -> (process: Process, errors: Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["watch", "--config", config]
        process.currentDirectoryURL = root
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    /// Writes bytes into the work folder.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }
}
