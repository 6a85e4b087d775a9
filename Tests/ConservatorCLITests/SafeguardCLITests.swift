import Foundation
import Raster
import Testing

/// `history` shows each step's regions and the run's review state; `query --needs-review` finds the runs
/// awaiting a curator; `models list` shows every version side by side.
@Suite struct SafeguardCLITests {
    static let fixtureModels = CLIHarness.repositoryRoot.appendingPathComponent("Tests/RestorationTests/Fixtures/models").path

    @Test func historyAndQueryShowRegionsAndReview() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        var samples = [UInt8](repeating: 230, count: 40 * 30 * 3)
        for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * 40 + x) * 3 + c] = 5 } } }
        try cli.write("scan.png", try ImageEncoder.encode(
            RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples)), as: .png))
        try cli.write("plain.png", try ImageEncoder.encode(
            RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples.map { _ in 200 })), as: .png))
        try cli.write("repair.yaml", Array("""
            name: repair
            stages:
              - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }
              - inpaint: { method: auto, model: test-inpainter@1, classical-below: 3 }
            review-above: 0.01
            output: { format: png, masks: true }
            """.utf8))
        let db = ["--catalog", cli.catalogPath]
        let process = cli.run(["process", cli.path("scan.png"), cli.path("plain.png"), "--pipeline", cli.path("repair.yaml"),
                               "--models", Self.fixtureModels, "--out", cli.path("out")] + db)
        #expect(process.status == 0, "\(process.stderr)")
        #expect(process.stdout.contains("needs review: fills or invents 3.00% of the pixels, more than review-above 1.00%"),
                "\(process.stdout)")

        let history = cli.run(["history", cli.path("scan.png")] + db)
        #expect(history.stdout.contains("review: proposed (fills or invents 3.00% of the pixels"), "\(history.stdout)")
        #expect(history.stdout.contains("regions 1 (36 pixels); filled by test-inpainter@1 1"), "\(history.stdout)")
        #expect(history.stdout.contains("6×6 at (12, 10), 36 pixels, test-inpainter@1"), "\(history.stdout)")
        let json = cli.run(["history", cli.path("scan.png"), "--json"] + db)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let run = (report?["runs"] as? [[String: Any]])?.first
        #expect((run?["run"] as? [String: Any])?["review_state"] as? String == "proposed", "\(json.stdout)")
        let step = (run?["steps"] as? [[String: Any]])?.last
        #expect((step?["regions"] as? [String: Any])?["count"] as? Int == 1, "\(json.stdout)")

        let waiting = cli.run(["query", "--needs-review", "--format", "json"] + db)
        let rows = try JSONSerialization.jsonObject(with: Data(waiting.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1 && (rows?.first?["paths"] as? [String])?.first?.hasSuffix("/scan.png") == true,
                "\(waiting.stdout)")
    }

    /// A mistyped model recall must not look like a clean answer: a version the catalog never used is a warning
    /// naming the versions it knows; a name it never used is a usage error.
    @Test func queryWarnsOfAModelTheCatalogDoesNotKnow() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        var samples = [UInt8](repeating: 230, count: 40 * 30 * 3)
        for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * 40 + x) * 3 + c] = 5 } } }
        try cli.write("scan.png", try ImageEncoder.encode(
            RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples)), as: .png))
        try cli.write("detect.yaml", Array("""
            name: detect
            stages:
              - detect-damage: { model: test-detector@1, dilate: 1, min-region: 1 }
            """.utf8))
        let db = ["--catalog", cli.catalogPath]
        #expect(cli.run(["process", cli.path("scan.png"), "--pipeline", cli.path("detect.yaml"), "--models", Self.fixtureModels,
                         "--out", cli.path("out")] + db).status == 0)
        #expect(cli.run(["query", "--model", "test-detector@1"] + db).stderr == "1 originals\n")
        let otherVersion = cli.run(["query", "--model", "test-detector@9"] + db)
        #expect(otherVersion.status == 0)
        #expect(otherVersion.stderr.contains("warning: no run used test-detector@9; the catalog knows test-detector@1"),
                "\(otherVersion.stderr)")
        let otherName = cli.run(["query", "--model", "nosuch@9"] + db)
        #expect(otherName.status == 64)
        #expect(otherName.stderr.contains("no run used nosuch@9; the catalog knows test-detector@1"), "\(otherName.stderr)")
    }

    @Test func modelsListShowsEveryVersionAndMarksTheNewest() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let list = cli.run(["models", "list", "--models", Self.fixtureModels])
        let detectors = list.stdout.split(separator: "\n").filter { $0.hasPrefix("test-detector@") }
        #expect(detectors.count == 2, "\(list.stdout)")
        #expect(detectors.first?.hasPrefix("test-detector@1  test-detector@1.onnx") == true && detectors.first?.hasSuffix("newest") == false)
        #expect(detectors.last?.hasPrefix("test-detector@2") == true && detectors.last?.hasSuffix("newest") == true)
        let verify = cli.run(["models", "verify", "--models", Self.fixtureModels])
        #expect(verify.status == 0 && verify.stdout.contains("test-detector@1: ok") && verify.stdout.contains("test-detector@2: ok"))
    }
}
