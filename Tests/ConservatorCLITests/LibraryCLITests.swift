import Foundation
import Testing

/// `pipelines`, `models` and `infer` on a multi-output model, as an operator meets them.
@Suite struct LibraryCLITests {
    static let shippedModels = CLIHarness.repositoryRoot.appendingPathComponent("Models")

    @Test func pipelinesAreListedShownAndValidated() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let list = try cli.run(["pipelines", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("classical  v1  no AI  restore-color → sharpen"), "\(list.stdout)")
        #expect(list.stdout.contains("color-only  v1  AI  restore-color"), "\(list.stdout)")
        let show = try cli.run(["pipelines", "show", "classical"])
        #expect(show.status == 0 && show.stdout.contains("never AI-altered") && show.stdout.contains("method: gray-world"))
        let bad = try cli.write("bad.yaml", Array("""
            name: bad
            version: 1
            stages:
              - sharpen: { radius: 99 }
            """.utf8))
        let validate = try cli.run(["pipelines", "validate", CLIHarness.repositoryPipelines + "/classical.yaml", bad])
        #expect(validate.status == 78)
        #expect(validate.stdout.contains("classical.yaml: valid"))
        #expect(validate.stderr.contains("bad.yaml:4:"), "errors name file, line and column: \(validate.stderr)")
        #expect(try cli.run(["pipelines", "show", "no-such-pipeline"]).status == 78)
    }

    @Test func modelsVerifyAgainstTheirCards() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let good = try cli.run(["models", "verify", "--models", Self.shippedModels.path])
        #expect(good.status == 0 && good.stdout.contains("color-restore@1: ok"), "\(good.stdout)\(good.stderr)")
        #expect(try cli.run(["models", "list", "--models", Self.shippedModels.path]).stdout.contains("color-restore@1"))
        // a copy whose ONNX file lost a byte is refused, and so is a card that is not YAML
        let copy = cli.root.appendingPathComponent("models")
        try FileManager.default.copyItem(at: Self.shippedModels, to: copy)
        let onnx = copy.appendingPathComponent("color-restore.onnx")
        try Data(try Data(contentsOf: onnx).dropLast()).write(to: onnx)
        try cli.write("models/broken.card.yaml", Array("name: [unclosed".utf8))
        let bad = try cli.run(["models", "verify", "--models", copy.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("color-restore.onnx") && bad.stderr.contains("broken.card.yaml"), "\(bad.stderr)")
    }

    @Test func inferWritesEachOutputOfAMultiOutputModel() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = CLIHarness.repositoryRoot.appendingPathComponent("Tests/RestorationTests/ShippedModels/color-restore.in.proxy.npy")
        let model = Self.shippedModels.appendingPathComponent("color-restore.onnx").path
        let result = try cli.run(["infer", "--model", model, "--input", input.path, "--output", "out.npy"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["out.curves.npy", "out.matrix.npy"] {
            #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent(name).path), "\(name)")
        }
        let image = try cli.run(["infer", "--model", model, "--input", input.path, "--output", "out.png"])
        #expect(image.status == 65 && image.stderr.contains("2 outputs (curves, matrix)"))
    }
}
