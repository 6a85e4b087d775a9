import ArgumentParser
@testable import ConservatorCommands
import Foundation
import Testing

/// Commands called in process, as the executable calls them: parsing, validation and the exit code a
/// usage error maps to. (The process-level suites keep the exit codes, signals and output of the binary.)
@Suite struct InProcessCommandTests {
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
