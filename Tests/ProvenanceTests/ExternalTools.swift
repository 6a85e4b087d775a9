import Foundation
import Testing

/// The checkers the export tests hand their output to: bagit-python (PyPI `bagit`) and xmllint with the METS
/// schema committed under Fixtures (see METS-SCHEMA-NOTICE.md). scripts/bootstrap.sh installs both.
enum ExternalTools {
    /// `bagit.py` on PATH.
    static let bagit: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("bagit.py") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    static let bagitMissing: Comment = "bagit.py is not installed (pip install bagit; scripts/bootstrap.sh does)"

    /// `bagit.py --validate` on `folder`: its exit status and what it logged.
    static func validateBag(_ folder: URL) throws -> (status: Int32, output: String) {
        let bagit = try #require(bagit)
        return try run(bagit, ["--validate", folder.path])
    }

    /// Validates `xml` offline against METS 1.12.1 (which imports the committed xlink.xsd) and the PREMIS 3 it embeds.
    static func validateMETS(_ xml: String) throws -> (status: Int32, output: String) {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mets-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(URL(fileURLWithPath: "/usr/bin/xmllint"),
                       ["--noout", "--nonet", "--schema", fixtures.appendingPathComponent("mets-with-premis.xsd").path, file.path])
    }

    private static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
