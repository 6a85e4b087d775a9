@testable import Daemon
import Fixity
import Foundation
import Ingest
import Testing

/// Moves never replace a file and never lose one: the source goes only once the copy is proven.
@Suite struct VerifiedMoveTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("moves-\(UUID().uuidString)")

    private func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func sha256(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { ContentHash.sha256($0) } }

    @Test func movesIntoANewFolderAndChecksTheBytes() throws {
        let source = try write("in/plate.tif", [1, 2, 3])
        let archive = root.appendingPathComponent("archive").path
        let moved = try VerifiedMove.move(source, into: archive, sha256: sha256([1, 2, 3])) { _ in }
        #expect(moved.destination == archive + "/plate.tif")
        #expect(moved.copiedBecause == nil)
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(FileManager.default.contents(atPath: moved.destination) == Data([1, 2, 3]))
    }

    @Test func neverReplacesAFileOfTheSameName() throws {
        let existing = try write("archive/plate.tif", [7, 7])
        let source = try write("in/plate.tif", [1, 2, 3])
        let moved = try VerifiedMove.move(source, into: root.appendingPathComponent("archive").path, sha256: sha256([1, 2, 3])) { _ in }
        #expect(moved.destination.hasSuffix("/archive/plate-1.tif"))
        #expect(FileManager.default.contents(atPath: existing) == Data([7, 7]))
    }

    @Test func aMoveCutShortByACrashIsFinishedNotDoubled() throws {
        // Killed after linking the new name and before removing the old one: both names hold the bytes.
        let source = try write("in/plate.tif", [1, 2, 3])
        let archive = root.appendingPathComponent("archive").path
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        #expect(link(source, archive + "/plate.tif") == 0)
        let moved = try VerifiedMove.move(source, into: archive, sha256: sha256([1, 2, 3])) { _ in }
        #expect(moved.destination == archive + "/plate.tif")
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive) == ["plate.tif"])
    }

    @Test func theOldNameStaysUntilTheMoveIsRecorded() throws {
        let source = try write("in/plate.tif", [1, 2, 3])
        let archive = root.appendingPathComponent("archive").path
        struct CatalogDown: Error {}
        var recorded: [String] = []
        #expect(throws: VerifiedMove.Failure.self) {
            try VerifiedMove.move(source, into: archive, sha256: sha256([1, 2, 3])) { _ in throw CatalogDown() }
        }
        #expect(FileManager.default.fileExists(atPath: source), "not recorded, so the old name keeps the file")
        let moved = try VerifiedMove.move(source, into: archive, sha256: sha256([1, 2, 3])) { recorded.append($0.destination) }
        #expect(recorded == [moved.destination])
        #expect(moved.destination == archive + "/plate.tif", "the earlier half-move is finished, not doubled")
        #expect(!FileManager.default.fileExists(atPath: source))
    }

    @Test func abandonedCopiesAreRemoved() throws {
        let abandoned = try write("archive/.conservator-move-123-456", [1])
        let kept = try write("archive/plate.tif", [2])
        VerifiedMove.removeAbandonedCopies(in: root.appendingPathComponent("archive").path)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: kept))
    }

    @Test func aMismatchLeavesTheSourceWhereItWas() throws {
        let source = try write("in/plate.tif", [1, 2, 3])
        let archive = root.appendingPathComponent("archive").path
        #expect(throws: VerifiedMove.Failure.self) {
            try VerifiedMove.move(source, into: archive, sha256: String(repeating: "0", count: 64)) { _ in }
        }
        #expect(FileManager.default.contents(atPath: source) == Data([1, 2, 3]))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: archive)) == [])
    }

    @Test func aFileReachedThroughALinkToTheDestinationIsNeverRemoved() throws {
        // in/looparch -> ../archive: "moving" in/looparch/plate.tif into archive finds the same bytes under
        // the same name; that is the file itself, not a copy, and unlinking the source would lose it.
        let archived = try write("archive/plate.tif", [1, 2, 3])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        #expect(symlink("../archive", root.appendingPathComponent("in/looparch").path) == 0)
        let throughLink = root.appendingPathComponent("in/looparch/plate.tif").path
        #expect(throws: VerifiedMove.Failure.self) {
            try VerifiedMove.move(throughLink, into: root.appendingPathComponent("archive").path, sha256: sha256([1, 2, 3])) { _ in }
        }
        #expect(FileManager.default.contents(atPath: archived) == Data([1, 2, 3]))
    }

    @Test func aLinkIsNeverMoved() throws {
        let target = try write("outside/plate.tif", [1, 2, 3])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        let link = root.appendingPathComponent("in/plate.tif").path
        #expect(symlink(target, link) == 0)
        #expect(throws: VerifiedMove.Failure.self) {
            try VerifiedMove.move(link, into: root.appendingPathComponent("archive").path, sha256: sha256([1, 2, 3])) { _ in }
        }
        #expect(FileManager.default.contents(atPath: target) == Data([1, 2, 3]))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
    }

    @Test func aFileWithOtherNamesIsCopiedSoTheArchiveCannotBeWrittenThroughThem() throws {
        let outside = try write("outside/plate.tif", [1, 2, 3])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        let source = root.appendingPathComponent("in/plate.tif").path
        #expect(link(outside, source) == 0)
        let moved = try VerifiedMove.move(source, into: root.appendingPathComponent("archive").path, sha256: sha256([1, 2, 3])) { _ in }
        #expect(moved.copiedBecause?.contains("2 names") == true)
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(FileIdentity(path: moved.destination)?.isSameFile(as: FileIdentity(path: outside)) == false)
        try Data([9, 9, 9]).write(to: URL(fileURLWithPath: outside))
        #expect(FileManager.default.contents(atPath: moved.destination) == Data([1, 2, 3]),
                "writing through the outside name leaves the archived original as it was")
    }
}
