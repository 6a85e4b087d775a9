import Foundation
import ImageSource
import Metadata
import Testing

/// PRONOM identifiers, checked against `fido` (the Open Preservation Foundation's identifier, PyPI `opf-fido`,
/// which matches the registry's own byte signatures) on the committed fixtures and on variants of them that
/// reach the version rules: JFIF 1.00–1.02, PNG 1.1.
@Suite struct PRONOMFormatTests {
    static let fixtures = ["metadata8.tif", "metadata16.tif", "metadata-edge.tif", "metadata.jpg", "metadata.png",
                           "metadata-magick.png"]

    @Test(.enabled(if: Fido.executable != nil, "fido is not installed (pip install opf-fido; scripts/bootstrap.sh does)"))
    func puidsAgreeWithFido() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pronom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [(name: String, bytes: [UInt8])] = try Self.fixtures.map { ($0, try FixtureFile($0).bytes) }
        let png = try FixtureFile("metadata-magick.png").bytes
        files.append(("srgb.png", Self.inserting(chunk: "sRGB", data: [0], intoPNG: png)))
        for minor: UInt8 in 0...2 { files.append(("jfif-1.0\(minor).jpg", Self.jfif(minor: minor))) }

        var seen: Set<String> = []
        for file in files {
            let identified = try Self.puid(file.bytes)
            let ours = try #require(identified, "\(file.name)")
            let url = folder.appendingPathComponent(file.name)
            try Data(file.bytes).write(to: url)
            let theirs = try Fido.identify(url)
            #expect(theirs == [ours], "\(file.name): ours \(ours), fido \(theirs)")
            seen.insert(ours)
        }
        // the cases reach every rule that decides a version, not one answer for all
        #expect(seen == ["fmt/353", "x-fmt/387", "fmt/41", "fmt/13", "fmt/11", "fmt/12", "fmt/42", "fmt/43", "fmt/44"])
    }

    @Test func exifVersionDecidesTheExifFormats() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10] + Array("Exif\0\0".utf8) + [0x49, 0x49, 0x2A, 0x00]
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        let cases: [([UInt8], ImageFormat, String?, String?)] = [
            (jpeg, .jpeg, "0221", "fmt/645"), (jpeg, .jpeg, "0220", "x-fmt/391"), (jpeg, .jpeg, "0232", "fmt/1507"),
            (jpeg, .jpeg, "0200", "x-fmt/398"), (jpeg, .jpeg, nil, "fmt/41"), (jpeg, .jpeg, "0300", "fmt/41"),
            (tiff, .tiff, "0210", "x-fmt/388"), (tiff, .tiff, "0232", "fmt/353"), (tiff, .tiff, nil, "fmt/353"),
            // BigTIFF has no PRONOM signature in the registry version fido ships
            ([0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0], .tiff, nil, nil),
        ]
        for (bytes, format, version, expected) in cases {
            let puid = bytes.withUnsafeBytes { PRONOMFormat.puid(of: $0, format: format, exifVersion: version) }
            #expect(puid == expected, "\(format) EXIF \(version ?? "none")")
        }
    }

    /// A PNG whose chunk lengths run past the end stops the walk without trapping, and says PNG 1.0.
    @Test func aTruncatedPNGIsReadSafely() throws {
        let png = try FixtureFile("metadata.png").bytes
        for length in [8, 12, 20, 33, 40] {
            let puid = Array(png.prefix(length)).withUnsafeBytes { PRONOMFormat.puid(of: $0, format: .png, exifVersion: nil) }
            #expect(puid == "fmt/11", "\(length) bytes")
        }
    }

    private static func puid(_ bytes: [UInt8]) throws -> String? {
        let format = try #require(ImageFormat.sniff(bytes))
        let metadata = try FixtureFile.read(bytes)
        return bytes.withUnsafeBytes { PRONOMFormat.puid(of: $0, format: format, metadata: metadata) }
    }

    /// A minimal JFIF 1.0`minor` file: SOI, APP0 JFIF, EOI (what the signatures look at).
    private static func jfif(minor: UInt8) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, minor, 0, 0, 1, 0, 1, 0, 0] + [0xFF, 0xD9]
    }

    /// `png` with a chunk added right after IHDR (CRC zero: identification does not check it).
    private static func inserting(chunk name: String, data: [UInt8], intoPNG png: [UInt8]) -> [UInt8] {
        let afterHeader = 8 + 12 + 13
        let length = UInt32(data.count)
        let chunk = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + Array(name.utf8) + data + [0, 0, 0, 0]
        return Array(png[..<afterHeader]) + chunk + Array(png[afterHeader...])
    }
}

/// The `fido` command, found on PATH.
enum Fido {
    static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("fido") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The PUIDs fido reports for `file` (one per matching signature; several signatures may name one PUID).
    static func identify(_ file: URL) throws -> Set<String> {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-q", "-nocontainer", "-matchprintf", "%(info.puid)s\n", "-nomatchprintf", "none\n", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Set(text.split(separator: "\n").map(String.init))
    }
}
