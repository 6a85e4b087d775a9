import ArgumentParser
@testable import ConservatorCommands
import Foundation

/// Runs `conservator` in a fresh work folder: in this process (``run(_:)``), or as the built binary, which
/// `swift build --build-tests` puts beside the test bundle (``runBinary(_:through:binary:environment:)``), for
/// what only a process shows: whole runs' exit codes, signals, the raw bytes of its arguments, its memory.
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

    /// `name` in the work folder, as an absolute path: a command run in process does not run in the work
    /// folder (the current directory is the whole test process's), so it is given absolute paths.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Runs `conservator ARGS` in this process as the executable's `main()` does, with what it writes on standard
    /// output and standard error captured, and returns the exit status `main()` would exit with. (Log lines are
    /// not captured: swift-log writes them to the process's own streams.)
    @discardableResult
    func run(_ arguments: [String], drawsProgress: Bool = false) -> Result {
        let output = Capture(), errors = Capture()
        let console = Console(output: { output.append($0) }, errors: { errors.append($0) }, drawsProgress: drawsProgress)
        let status = Console.$current.withValue(console) {
            do {
                var command = try Conservator.parseAsRoot(arguments)
                try command.run()
                return ExitCode.success.rawValue
            } catch {
                // What ArgumentParser's `exit(withError:)` prints and exits with: help and other clean exits
                // on standard output, errors on standard error.
                let code = Conservator.exitCode(for: error)
                let message = Conservator.fullMessage(for: error)
                if !message.isEmpty { (code == .success ? output : errors).append(Array((message + "\n").utf8)) }
                return code.rawValue
            }
        }
        return Result(status: status, stdout: output.text, stderr: errors.text)
    }

    /// Runs the built binary, `conservator ARGS` (optionally through a wrapper such as setpriv), in the work
    /// folder. `binary` replaces the built one, `environment` adds to the inherited variables, `input` is its
    /// standard input (none: the test's own).
    @discardableResult
    func runBinary(_ arguments: [String], through wrapper: [String] = [], binary: URL = Self.binary,
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

/// Bytes a command writes in process, from whichever thread writes them.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ more: [UInt8]) { lock.withLock { bytes += more } }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
