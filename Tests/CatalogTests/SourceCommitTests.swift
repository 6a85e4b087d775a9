import Catalog
import Foundation
import Installation
import Testing

/// The software agent names the commit the binary was built from, stamped at build time.
@Suite struct SourceCommitTests {
    /// The stamp is the HEAD of the build, which a commit made since the build moves on; so the test asks
    /// that it is a full commit hash this checkout holds.
    @Test func theStampedCommitIsACommitOfTheCheckout() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", repository.path, "rev-parse", "--verify", "--quiet", "\(Software.commit)^{commit}"]
        let out = Pipe()
        git.standardOutput = out
        git.standardError = FileHandle.nullDevice
        try git.run()
        let head = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        git.waitUntilExit()
        #expect(Software.commit.count == 40 && Software.commit.allSatisfy(\.isHexDigit), "\(Software.commit)")
        #expect(git.terminationStatus == 0 && head == Software.commit, "not a commit of \(repository.path)")
        #expect(Agent.conservator.identifier == Software.commit && Agent.conservator.version == Software.version)
    }
}
