import Foundation
import ImageSource
import Testing
@testable import Metadata

/// A committed fixture, ExifTool's view of it, and what `MetadataReader` makes of it.
struct FixtureFile {
    let name: String
    let bytes: [UInt8]
    let exifTool: ExifToolJSON
    /// SHA-256 of the ICC profile as `exiftool -b -ICC_Profile` extracts it; `nil` for a fixture without one.
    let iccSHA256: String?

    init(_ name: String) throws {
        self.name = name
        bytes = Array(try Data(contentsOf: Self.url(name)))
        exifTool = try ExifToolJSON(String(decoding: try Data(contentsOf: Self.url(name + ".json")), as: UTF8.self))
        iccSHA256 = (try? Data(contentsOf: Self.url(name + ".icc.sha256")))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    func read() throws -> ImageMetadata {
        try Self.read(bytes)
    }

    /// Reads `bytes` as the format their signature says.
    static func read(_ bytes: [UInt8]) throws -> ImageMetadata {
        let format = try #require(ImageFormat.sniff(bytes))
        return try bytes.withUnsafeBytes { raw throws(MetadataError) in try MetadataReader.read(raw, format: format) }
    }

    private static func url(_ name: String) throws -> URL {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent(name)
    }
}
