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
        let server = try ServerProcess(arguments: ["--catalog", cli.catalogPath, "--root", cli.root.path], in: cli.root)
        defer { server.stop() }
        let signIn = try Self.curl("\(server.url)/sign-in")
        #expect(signIn.status == "200")
        #expect(signIn.headers.lowercased().contains("content-security-policy: default-src 'none'"))
        #expect(try Self.curl("\(server.url)/").status == "401")

        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        let log = server.log
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
