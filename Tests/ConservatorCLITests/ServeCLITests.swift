import Foundation
import Testing

/// `conservator users` and `conservator serve` as a person runs them: the real binary (passwords on its
/// standard input), a real server on
/// loopback, stopped with SIGTERM.
@Suite(.serialized) struct ServeCLITests {
    @Test func usersAreManagedWithPasswordsFromStandardInput() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let db = ["--catalog", cli.catalogPath]
        let added = try cli.runBinary(["users", "add", "alice", "--role", "curator"] + db, input: "correct horse\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added alice (curator)"))
        let list = try cli.runBinary(["users", "list"] + db)
        #expect(list.stdout.hasPrefix("alice\tcurator\t"))
        #expect(!list.stdout.contains("correct horse") && !list.stdout.contains("pbkdf2"))
        let json = cli.run(["users", "list", "--json"] + db)
        let listed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(listed?.map { "\($0["name"] ?? "")/\($0["role"] ?? "")" } == ["alice/curator"], "\(json.stdout)")
        #expect(!json.stdout.contains("pbkdf2") && !json.stdout.contains("hash"))

        #expect(try cli.runBinary(["users", "add", "alice"] + db, input: "another one\n").status == 1)
        #expect(try cli.runBinary(["users", "add", "bob", "--role", "owner"] + db, input: "correct horse\n").status == 64)
        #expect(try cli.runBinary(["users", "add", "b o b"] + db, input: "correct horse\n").status == 64)
        let short = try cli.runBinary(["users", "add", "bob"] + db, input: "short\n")
        #expect(short.status == 64 && short.stderr.contains("at least 8"))
        #expect(try cli.runBinary(["users", "add", "bob"] + db, input: "").status == 64)
        #expect(try cli.runBinary(["users", "passwd", "alice"] + db, input: "battery staple\n").status == 0)
        #expect(try cli.runBinary(["users", "passwd", "nobody"] + db, input: "battery staple\n").status == 66)
        #expect(try cli.runBinary(["users", "remove", "alice"] + db).status == 0)
        #expect(try cli.runBinary(["users", "remove", "alice"] + db).status == 66)
        #expect(try cli.runBinary(["users", "list"] + db).stdout.isEmpty)
    }

    @Test func serveAnswersOnLoopbackAndStopsCleanlyOnSIGTERM() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["serve", "--catalog", cli.catalogPath, "--root", cli.root.path,
                             "--listen", "127.0.0.1:\(port)"]
        process.currentDirectoryURL = cli.root
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var signIn = try Self.curl("http://127.0.0.1:\(port)/sign-in")
        let deadline = Date().addingTimeInterval(30)
        while signIn.status != "200" && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.2)
            signIn = try Self.curl("http://127.0.0.1:\(port)/sign-in")
        }
        #expect(signIn.status == "200")
        #expect(signIn.headers.lowercased().contains("content-security-policy: default-src 'none'"))
        #expect(try Self.curl("http://127.0.0.1:\(port)/").status == "401")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("serving") && log.contains("stopped"), "\(log)")
    }

    @Test func serveRefusesABadAddress() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let result = cli.run(["serve", "--catalog", cli.catalogPath, "--listen", "localhost"])
        #expect(result.status == 64 && result.stderr.contains("HOST:PORT"))
    }

    /// The status code and headers of a GET.
    static func curl(_ url: String) throws -> (status: String, headers: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-D", "-", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (String(text.suffix(3)), text)
    }
}
