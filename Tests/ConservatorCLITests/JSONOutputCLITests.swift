import Foundation
import Raster
import Testing

/// Every command that prints data takes `--json` and prints the shape docs/JSON.md documents (issue 22, defect 4:
/// `process`, `pipelines list|show`, `models list` had none and `query --json` was refused).
@Suite struct JSONOutputCLITests {
    private static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func pipelinesListAndShowPrintJSON() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let list = cli.run(["pipelines", "list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let pipelines = try #require(try Self.parse(list.stdout) as? [[String: Any]])
        let classical = try #require(pipelines.first { $0["name"] as? String == "classical" })
        #expect(classical["valid"] as? Bool == true)
        #expect(classical["uses_trained_models"] as? Bool == false)
        let stages = try #require(classical["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["restore-color", "sharpen"])
        #expect((stages.first?["parameters"] as? [String: Any])?["method"] as? String == "gray-world")

        let show = cli.run(["pipelines", "show", "archival-repair", "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let repair = try #require(try Self.parse(show.stdout) as? [String: Any])
        #expect(repair["uses_trained_models"] as? Bool == true)
        #expect((repair["sha256"] as? String)?.count == 64)
        #expect((repair["output"] as? [String: Any])?["format"] as? String == "tiff")
    }

    @Test func aPipelineThatDoesNotValidateIsListedAsInvalid() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("pipelines"), withIntermediateDirectories: true)
        _ = try cli.write("pipelines/broken.yaml", Array("name: broken\nversion: 1\nstages:\n  - sharpen: { radius: 99 }\n".utf8))
        let list = cli.run(["pipelines", "list", "--json", "--pipelines", cli.path("pipelines")])
        #expect(list.status == 0, "\(list.stderr)")
        let pipelines = try #require(try Self.parse(list.stdout) as? [[String: Any]])
        #expect(pipelines.count == 1)
        #expect(pipelines.first?["valid"] as? Bool == false)
        #expect((pipelines.first?["error"] as? String)?.contains("radius") == true, "\(pipelines)")
        #expect(pipelines.first?["stages"] == nil)
    }

    @Test func modelsListPrintsEveryVersionAndWhichIsNewest() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let list = cli.run(["models", "list", "--json", "--models", LibraryCLITests.shippedModels.path])
        #expect(list.status == 0, "\(list.stderr)")
        let models = try #require(try Self.parse(list.stdout) as? [[String: Any]])
        let damage = models.filter { $0["name"] as? String == "damage-unet" }
        #expect(damage.count >= 2, "every version is listed side by side: \(damage)")
        #expect(damage.filter { $0["newest"] as? Bool == true }.count == 1)
        let color = try #require(models.first { $0["reference"] as? String == "color-restore@1" })
        #expect(color["onnx"] as? String == "color-restore@1.onnx")
        #expect((color["sha256"] as? String)?.count == 64)
    }

    @Test func processPrintsOneObjectPerOriginalGiven() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let scan = cli.path("scan.png")
        try ImageEncoder.write(RasterImage(width: 24, height: 16, channels: 3, bitDepth: 8,
                                           samples: .uint8((0..<(24 * 16 * 3)).map { UInt8($0 % 200) })),
                               to: scan, as: .png)
        let result = cli.run(["process", "--catalog", cli.catalogPath, "--pipeline", "classical", "--out", cli.path("out"),
                              "--pipelines", CLIHarness.repositoryPipelines, "--json", scan, cli.path("missing.png")])
        #expect(result.status == 66, "one original was not found: \(result.stderr)")
        #expect(!result.stdout.contains("restore-color "), "no text beside the JSON: \(result.stdout)")
        let processed = try #require(try Self.parse(result.stdout) as? [[String: Any]])
        #expect(processed.count == 2)
        #expect(processed[0]["outcome"] as? String == "processed")
        let run = try #require(processed[0]["run"] as? [String: Any])
        #expect(run["ai_altered"] as? Bool == false)
        let derivative = try #require(run["derivative"] as? String)
        #expect(derivative.hasPrefix("/") && FileManager.default.fileExists(atPath: derivative))
        #expect((run["steps"] as? [[String: Any]])?.map { $0["stage"] as? String } == ["restore-color", "sharpen"])
        #expect(processed[1]["outcome"] as? String == "not-found")
        #expect(processed[1]["run"] == nil && processed[1]["error"] is String)
    }

    @Test func queryTakesJSONLikeEveryDataCommand() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let scan = cli.path("scan.png")
        try ImageEncoder.write(RasterImage(width: 8, height: 6, channels: 1, bitDepth: 16,
                                           samples: .uint16([UInt16](repeating: 900, count: 48))),
                               to: scan, as: .png)
        #expect(cli.run(["ingest", "--catalog", cli.catalogPath, scan]).status == 0)
        let json = cli.run(["query", "--catalog", cli.catalogPath, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == cli.run(["query", "--catalog", cli.catalogPath, "--format", "json"]).stdout)
        let rows = try #require(try Self.parse(json.stdout) as? [[String: Any]])
        #expect(rows.first?["dimensions"] as? String == "8x6 16-bit", "dimensions, not size: \(rows)")
        #expect(rows.first?["size"] == nil)
        let csv = cli.run(["query", "--catalog", cli.catalogPath, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,sha256,format,dimensions,bytes,"), "\(csv.stdout)")
        let both = cli.run(["query", "--catalog", cli.catalogPath, "--json", "--format", "csv"])
        #expect(both.status == 64 && both.stderr.contains("contradict"), "\(both.stderr)")
    }

    @Test func exportPrintsItsSummaryAsJSON() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let scan = cli.path("scan.png")
        try ImageEncoder.write(RasterImage(width: 24, height: 16, channels: 3, bitDepth: 8,
                                           samples: .uint8((0..<(24 * 16 * 3)).map { UInt8($0 % 199) })),
                               to: scan, as: .png)
        #expect(cli.run(["process", "--catalog", cli.catalogPath, "--pipeline", "classical", "--out", cli.path("out"),
                         "--pipelines", CLIHarness.repositoryPipelines, scan]).status == 0)
        let export = cli.run(["export", "--catalog", cli.catalogPath, "--out", cli.path("bag"), "--json"])
        #expect(export.status == 0, "\(export.stderr)")
        let summary = try #require(try Self.parse(export.stdout) as? [String: Any])
        #expect(summary["bag"] as? String == cli.path("bag"))
        #expect(summary["derivatives"] as? Int == 1 && summary["originals"] as? Int == 1)
        let files = try String(contentsOfFile: cli.path("bag/manifest-sha256.txt"), encoding: .utf8)
            .split(separator: "\n").count
        #expect(summary["files"] as? Int == files)
    }
}
