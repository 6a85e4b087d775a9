import Foundation
import Testing

/// `conservator serve` started for a test on a loopback port, and stopped (SIGTERM) by ``stop()``.
///
/// The port is drawn below Linux's ephemeral range (32768 and up), where no client socket of the parallel
/// suite can hold it; a server that exits at once (the port taken after all) is started again on another.
/// Its standard error and output go to a file, so a test that fails can say what the server said.
final class ServerProcess {
    let process: Process
    let port: Int
    let logFile: URL

    /// Starts `serve` with `arguments` (all but `--listen`) in `directory` and waits (up to 30 s) until
    /// `GET /sign-in` answers 200.
    init(arguments: [String], in directory: URL) throws {
        var attempt = 0
        var answered = false
        while true {
            attempt += 1
            let port = Int.random(in: 20_000...32_000)
            let logFile = directory.appendingPathComponent("serve-\(port).log")
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: logFile)
            let process = Process()
            process.executableURL = CLIHarness.binary
            process.arguments = ["serve", "--listen", "127.0.0.1:\(port)"] + arguments
            process.currentDirectoryURL = directory
            process.standardError = log
            process.standardOutput = log
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline {
                answered = try ServeCLITests.curl("http://127.0.0.1:\(port)/sign-in").status == "200"
                if answered { break }
                Thread.sleep(forTimeInterval: 0.2)
            }
            // An exit before answering is most likely the port taken after all: another port, twice more.
            if process.isRunning || attempt == 3 {
                (self.process, self.port, self.logFile) = (process, port, logFile)
                break
            }
        }
        if !answered { stop() }
        let said = log
        try #require(answered, "the server did not answer on port \(port) within 30 s: \(said)")
    }

    /// What the server wrote so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Sends SIGTERM and waits for the server to exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
