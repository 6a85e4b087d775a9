import ArgumentParser
@testable import ConservatorCommands
import Foundation
import Testing

/// Commands called in process, as the executable calls them: help, parsing, validation and the exit codes
/// they map to. (Whole commands with their output run in process through `CLIHarness.run`; the binary is kept
/// for what only a process shows: the exit codes of whole runs, signals, raw argument bytes, memory.)
@Suite struct InProcessCommandTests {
    /// `--help` is a clean exit (status 0) with the usage, and every command that opens a catalog offers `--catalog`.
    @Test(arguments: [[], ["init"], ["ingest"], ["show"], ["query"], ["history"], ["export"], ["pipelines"], ["models"],
                      ["verify"], ["watch"], ["status"], ["demo"], ["process"], ["infer"], ["serve"], ["users"]])
    func everyCommandHasHelp(_ command: [String]) throws {
        // As `main()` does: `--help` parses to a help command whose run ends in a clean exit carrying the text.
        let error = try #require(#expect(throws: (any Error).self) {
            var help = try Conservator.parseAsRoot(command + ["--help"])
            try help.run()
        })
        #expect(Conservator.exitCode(for: error) == .success)
        let help = Conservator.fullMessage(for: error)
        #expect(help.contains("USAGE"))
        if !command.isEmpty {
            #expect(help.contains("--catalog") || [["demo"], ["watch"], ["pipelines"], ["models"], ["infer"]].contains(command))
        }
        // every example command line is shown whole: the help wraps at 80 columns, and an example broken across
        // two lines cannot be copied (query's did; issue 22, defect 10)
        let examples = help.split(separator: "\n").filter { $0.hasPrefix("  conservator ") }
        #expect(examples.allSatisfy { $0.count <= 80 }, "\(examples)")
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(lines, lines.dropFirst()) where line.hasPrefix("  conservator ") {
            #expect(next.isEmpty || next.hasPrefix("  "), "an example goes on on the next line: \(line) / \(next)")
        }
    }

    /// Options that cannot mean anything are refused before any catalog is opened: exit 64.
    @Test(arguments: [["query", "--model", "x@"], ["query", "--changed-more-than", "2"],
                      ["query", "--ai-altered", "--not-ai-altered"], ["query", "--tag", "Make=Nikon"],
                      ["query", "--since", "last week"], ["ingest", "--bogus"],
                      // quarantined files have no derivatives: export has no --quarantined
                      ["export", "--quarantined", "--out", "x"]])
    func meaninglessOptionsAreUsageErrors(_ arguments: [String]) throws {
        let error = try #require(#expect(throws: (any Error).self) {
            _ = try Conservator.parseAsRoot(arguments + ["--catalog", "unused.db"])
        })
        #expect(Conservator.exitCode(for: error) == .validationFailure)
    }

    /// A mistyped stage would select nothing and look like a clean answer: it is refused, naming the stages.
    @Test(arguments: [["query", "--stage", "nosuch"], ["export", "--stage", "nosuch", "--out", "x"]])
    func anUnknownStageIsAUsageErrorNamingTheStages(_ arguments: [String]) throws {
        let error = try #require(#expect(throws: (any Error).self) {
            _ = try Conservator.parseAsRoot(arguments)
        })
        #expect(Conservator.exitCode(for: error) == .validationFailure)
        #expect(Conservator.message(for: error).contains("detect-damage, inpaint, restore-color, colorize, denoise, upscale, sharpen"))
    }

    @Test func anObjectTheCatalogDoesNotHoldIsNotFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("in-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = ["--catalog", folder.appendingPathComponent("catalog.db").path]
        var initialize = try Conservator.parseAsRoot(["init"] + catalog)
        try initialize.run()
        for arguments in [["show", "424242"], ["history", "/no/such/scan.tif"]] {
            var command = try Conservator.parseAsRoot(arguments + catalog)
            let error = #expect(throws: ExitCode.self) { try command.run() }
            #expect(error == ExitStatus.notFound, "\(arguments)")
        }
    }

    @Test func aMaskWithTwoOriginalsIsAUsageError() {
        let error = #expect(throws: (any Error).self) {
            _ = try Conservator.parseAsRoot(["process", "1", "2", "--pipeline", "archival-repair", "--mask", "m.png"])
        }
        #expect(Conservator.exitCode(for: error!) == .validationFailure)
        #expect(Conservator.message(for: error!).contains("--mask marks one original"))
    }

    @Test func initCreatesTheCatalogInProcess() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("in-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("catalog.db").path
        var command = try Conservator.parseAsRoot(["init", "--catalog", path])
        #expect(command is InitCommand)
        try command.run()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func everySubcommandHasAnAbstractAndHelp() throws {
        for command in Conservator.configuration.subcommands {
            #expect(!command.configuration.abstract.isEmpty, "\(command)")
            #expect(!Conservator.helpMessage(for: command).isEmpty)
        }
    }
}
