import Catalog
import Foundation
import Testing

/// The commit the software agent names, found for a build tree or an installation laid out on disk.
@Suite struct SourceCommitTests {
    let commit = "0123456789abcdef0123456789abcdef01234567"

    /// A build tree `<root>/Package.swift`, `<root>/.build/debug/conservator`, with `git` files as given.
    private func buildTree(_ files: [String: String]) throws -> (root: URL, executable: URL) {
        let root = try makeTemporaryDirectory()
        for (path, text) in files.merging(["Package.swift": "// swift-tools-version: 6.0\n"], uniquingKeysWith: { a, _ in a }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return (root, root.appendingPathComponent(".build/debug/conservator"))
    }

    @Test func followsABranchToItsLooseOrPackedRef() throws {
        let loose = try buildTree([".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": "\(commit)\n"])
        defer { try? FileManager.default.removeItem(at: loose.root) }
        #expect(InstalledFolder.sourceCommit(executable: loose.executable) == commit)

        let packed = try buildTree([".git/HEAD": "ref: refs/heads/main\n",
                                    ".git/packed-refs": "# pack-refs with: peeled\nffffffffffffffffffffffffffffffffffffffff refs/heads/other\n\(commit) refs/heads/main\n"])
        defer { try? FileManager.default.removeItem(at: packed.root) }
        #expect(InstalledFolder.sourceCommit(executable: packed.executable) == commit)
    }

    @Test func aDetachedHeadOrAnInstalledCommitFileIsTheCommit() throws {
        let detached = try buildTree([".git/HEAD": commit.uppercased() + "\n"])
        defer { try? FileManager.default.removeItem(at: detached.root) }
        #expect(InstalledFolder.sourceCommit(executable: detached.executable) == commit)

        let prefix = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/conservator"), withIntermediateDirectories: true)
        try Data("\(commit)\n".utf8).write(to: prefix.appendingPathComponent("share/conservator/COMMIT"))
        #expect(InstalledFolder.sourceCommit(executable: prefix.appendingPathComponent("bin/conservator")) == commit)
    }

    @Test func noGitOrGarbageGivesNoCommit() throws {
        let none = try buildTree([:])
        defer { try? FileManager.default.removeItem(at: none.root) }
        #expect(InstalledFolder.sourceCommit(executable: none.executable) == nil)
        let garbage = try buildTree([".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": "not a hash\n"])
        defer { try? FileManager.default.removeItem(at: garbage.root) }
        #expect(InstalledFolder.sourceCommit(executable: garbage.executable) == nil)
    }
}
