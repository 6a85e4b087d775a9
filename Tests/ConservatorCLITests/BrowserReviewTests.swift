import Foundation
import Raster
import Testing

/// The review flow in a real browser: `conservator serve` on loopback, headless Chromium driven by Selenium
/// (`Tests/Browser/review_flow.py`; Debian's chromium and chromium-driver and Selenium from PyPI, installed
/// by scripts/bootstrap.sh). The script checks the catalog after each step through the CLI; this test checks
/// that every screenshot it saved is a real picture.
@Suite(.serialized) struct BrowserReviewTests {
    static let script = CLIHarness.repositoryRoot.appendingPathComponent("Tests/Browser/review_flow.py").path

    @Test func signInSearchToggleAMaskRejectCorrectApproveSignOut() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
                     "chromedriver not found: install Debian's chromium and chromium-driver (scripts/bootstrap.sh)")
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let db = ["--catalog", cli.catalogPath]
        // two scans with a dark square each: the detector marks it, the inpainter fills it, and the run
        // (3% filled, more than review-above 1%) awaits review
        for (index, name) in ["first.png", "second.png"].enumerated() {
            var samples = [UInt8](repeating: UInt8(200 + index * 20), count: 40 * 30 * 3)
            for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * 40 + x) * 3 + c] = 5 } } }
            try cli.write(name, try ImageEncoder.encode(
                RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples)), as: .png))
        }
        // in a pipelines folder: the server finds a run's pipeline by name to re-run it with a corrected mask
        try cli.write("pipelines/repair.yaml", Array("""
            name: repair
            stages:
              - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }
              - inpaint: { method: auto, model: test-inpainter@1, classical-below: 3 }
            review-above: 0.01
            output: { format: png, masks: true }
            """.utf8))
        let process = try cli.runBinary(["process", "first.png", "second.png", "--pipeline", "pipelines/repair.yaml",
                                   "--models", SafeguardCLITests.fixtureModels, "--out", "out"] + db)
        try #require(process.status == 0, "\(process.stderr)")
        try #require(try cli.runBinary(["users", "add", "carol", "--role", "curator"] + db, input: "review it well\n").status == 0)

        let server = try ServerProcess(arguments: ["--root", cli.root.path, "--derivatives", "out", "--pipelines", "pipelines",
                                                   "--models", SafeguardCLITests.fixtureModels] + db, in: cli.root)
        defer { server.stop() }

        let screenshots = cli.root.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", Self.script, server.url, "carol", "review it well",
                             CLIHarness.binary.path, cli.catalogPath, screenshots.path]
        let output = Pipe()
        browser.standardOutput = output
        browser.standardError = output
        try browser.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, "\(log)\nserver: \(server.log)")

        let shots = try FileManager.default.contentsOfDirectory(atPath: screenshots.path).sorted()
        #expect(shots == ["01-dashboard.png", "02-search-ai-altered.png", "03-run-mask-on.png", "04-run-rejected.png",
                          "05-run-mask-painted.png", "06-run-corrected.png", "07-run-approved.png", "08-signed-out.png"],
                "\(log)")
        for name in shots {
            let image = try ImageDecoder.decode(Array(try Data(contentsOf: screenshots.appendingPathComponent(name))))
            #expect(image.width >= 800 && image.height >= 600, "\(name)")
            #expect(Self.distinctShades(image) > 16, "\(name) looks blank")
        }
    }

    /// How many different gray levels (of 256) the first channel shows: a blank page has one or two.
    static func distinctShades(_ image: RasterImage) -> Int {
        guard case let .uint8(samples) = image.samples else { return 0 }
        var seen = Set<UInt8>()
        for index in stride(from: 0, to: samples.count, by: image.channels * 7) { seen.insert(samples[index]) }
        return seen.count
    }
}
