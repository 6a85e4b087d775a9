import Foundation
import Testing

/// The PREMIS 3 schema committed under Fixtures (Library of Congress; see PREMIS-SCHEMA-NOTICE.md), applied
/// with xmllint (Debian libxml2-utils, installed by scripts/bootstrap.sh).
enum PREMISSchema {
    /// Validates `xml` offline (the PREMIS 3 schema imports nothing); xmllint's exit status and messages.
    static func validate(_ xml: String) throws -> (status: Int32, errors: String) {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("premis-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--nonet", "--schema", fixtures.appendingPathComponent("premis-v3.xsd").path, file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
