import Foundation
@testable import ImageSource
import Testing

/// Originals are read through `MappedFile` only: read-only, whole, and with errors that name the path.
@Suite final class MappedFileTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func mapsTheWholeFile() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = try MappedFile(path: try write("scan.bin", bytes))
        #expect(file.size == bytes.count)
        #expect(file.withBytes { Array($0) } == bytes)
    }

    /// Files under the threshold are read into a buffer, larger ones mapped; both give every byte.
    @Test func readsSmallFilesAndMapsLargeOnesWhole() throws {
        for size in [MappedFile.readThreshold - 1, MappedFile.readThreshold] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
            let file = try MappedFile(path: try write("scan-\(size).bin", bytes))
            #expect(file.mapped == (size >= MappedFile.readThreshold))
            #expect(file.size == size)
            #expect(file.withBytes { Array($0) } == bytes)
        }
    }

    @Test func sniffsTheFormatFromContentNotName() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        #expect(try MappedFile(path: try write("mislabelled.jpg", png)).sniffedFormat == .png)
        #expect(try MappedFile(path: try write("notes.tif", Array("hello".utf8))).sniffedFormat == nil)
    }

    @Test func emptyFileMapsToNoBytes() throws {
        let file = try MappedFile(path: try write("empty.tif", []))
        #expect(file.size == 0)
        #expect(file.withBytes { $0.count } == 0)
        #expect(file.sniffedFormat == nil)
    }

    @Test func missingFileNamesPathAndCause() throws {
        let path = folder.appendingPathComponent("absent.tif").path
        let error = #expect(throws: FileAccessError.self) { try MappedFile(path: path) }
        #expect(error?.code == ENOENT)
        #expect(error?.operation == "open")
        #expect(error?.description == "\(path): cannot open: No such file or directory")
    }

    @Test func folderIsNotAFile() throws {
        let error = #expect(throws: FileAccessError.self) { try MappedFile(path: folder.path) }
        #expect(error?.code == EINVAL)
    }

    @Test func readsAFileWithoutWritePermission() throws {
        // An archive's originals are often read-only; reading must not need more.
        let path = try write("read-only.tif", [1, 2, 3])
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let file = try MappedFile(path: path)
        #expect(file.withBytes { Array($0) } == [1, 2, 3])
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(before == after)
    }
}
