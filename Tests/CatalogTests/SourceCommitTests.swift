import Catalog
import Foundation
import Installation
import Testing

/// The software agent names the commit the binary was built from, stamped at build time.
@Suite struct SourceCommitTests {
    @Test func theStampedCommitIsTheCheckoutsHead() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", repository.path, "rev-parse", "HEAD"]
        let out = Pipe()
        git.standardOutput = out
        git.standardError = FileHandle.nullDevice
        try git.run()
        let head = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        git.waitUntilExit()
        try #require(git.terminationStatus == 0, "not a git checkout: nothing to compare")
        #expect(Software.commit == head)
        #expect(Agent.conservator.identifier == head && Agent.conservator.version == Software.version)
    }
}
