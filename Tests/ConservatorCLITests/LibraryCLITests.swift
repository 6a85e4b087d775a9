import Foundation
import Inference
import Raster
import Testing

/// `pipelines`, `models` and `infer`, as an operator meets them, in process; `infer` on a multi-output model
/// through the built binary, whose `main()` stops OpenBLAS's idle workers before the model runs.
@Suite struct LibraryCLITests {
    static let shippedModels = CLIHarness.repositoryRoot.appendingPathComponent("Models")

    @Test func pipelinesAreListedShownAndValidated() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let list = cli.run(["pipelines", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("classical  v1  no AI  restore-color → sharpen"), "\(list.stdout)")
        #expect(list.stdout.contains("color-only  v1  AI  restore-color"), "\(list.stdout)")
        let show = cli.run(["pipelines", "show", "classical"])
        #expect(show.status == 0 && show.stdout.contains("never AI-altered") && show.stdout.contains("method: gray-world"))
        let bad = try cli.write("bad.yaml", Array("""
            name: bad
            version: 1
            stages:
              - sharpen: { radius: 99 }
            """.utf8))
        let validate = cli.run(["pipelines", "validate", CLIHarness.repositoryPipelines + "/classical.yaml", bad])
        #expect(validate.status == 78)
        #expect(validate.stdout.contains("classical.yaml: valid"))
        #expect(validate.stderr.contains("bad.yaml:4:"), "errors name file, line and column: \(validate.stderr)")
        #expect(cli.run(["pipelines", "show", "no-such-pipeline"]).status == 78)
    }

    @Test func modelsVerifyAgainstTheirCards() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let good = cli.run(["models", "verify", "--models", Self.shippedModels.path])
        #expect(good.status == 0 && good.stdout.contains("color-restore@1: ok"), "\(good.stdout)\(good.stderr)")
        #expect(cli.run(["models", "list", "--models", Self.shippedModels.path]).stdout.contains("color-restore@1"))
        // a copy whose ONNX file lost a byte is refused, and so is a card that is not YAML
        let copy = cli.root.appendingPathComponent("models")
        try FileManager.default.copyItem(at: Self.shippedModels, to: copy)
        let onnx = copy.appendingPathComponent("color-restore@1.onnx")
        try Data(try Data(contentsOf: onnx).dropLast()).write(to: onnx)
        try cli.write("models/broken.card.yaml", Array("name: [unclosed".utf8))
        let bad = cli.run(["models", "verify", "--models", copy.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("color-restore@1.onnx") && bad.stderr.contains("broken.card.yaml"), "\(bad.stderr)")
    }

    @Test func inferWritesEachOutputOfAMultiOutputModel() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = CLIHarness.repositoryRoot.appendingPathComponent("Tests/RestorationTests/ShippedModels/color-restore@1.in.proxy.npy")
        let model = Self.shippedModels.appendingPathComponent("color-restore@1.onnx").path
        let result = try cli.runBinary(["infer", "--model", model, "--input", input.path, "--output", "out.npy"])
        #expect(result.status == 0, "\(result.stderr)")
        // color-restore's Gemm runs on OpenBLAS, whose workers the command stopped at start (BLASThreads):
        // the products still match ONNX Runtime's.
        for output in ["curves", "matrix"] {
            let written = try NumPyFile.read(cli.root.appendingPathComponent("out.\(output).npy"))
            let expected = try NumPyFile.read(input.deletingLastPathComponent()
                .appendingPathComponent("color-restore@1.out.\(output).npy"))
            #expect(written.shape == expected.shape)
            let worst = zip(written.values, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-4, "\(output): largest difference \(worst)")
        }
        let image = try cli.runBinary(["infer", "--model", model, "--input", input.path, "--output", "out.png"])
        #expect(image.status == 65 && image.stderr.contains("2 outputs (curves, matrix)"))
    }

    /// `infer` took PNG and TIFF only (issue 22, defect 10): a JPEG goes in and comes out as well.
    @Test func inferReadsAndWritesJPEG() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = cli.path("scan.jpg")
        try ImageEncoder.write(RasterImage(width: 48, height: 32, channels: 3, bitDepth: 8,
                                           samples: .uint8((0..<(48 * 32 * 3)).map { UInt8($0 * 5 % 256) })),
                               to: input, as: .jpeg(quality: 90))
        let model = Self.shippedModels.appendingPathComponent("damage-unet@3.onnx").path
        let result = cli.run(["infer", "--model", model, "--input", input, "--output", cli.path("mask.jpg")])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try ImageDecoder.decode(try [UInt8](Data(contentsOf: cli.root.appendingPathComponent("mask.jpg"))))
        #expect(written.width == 48 && written.height == 32)
        let refused = cli.run(["infer", "--model", model, "--input", cli.path("scan.gif"), "--output", cli.path("o.npy")])
        #expect(refused.status == 64 && refused.stderr.contains(".jpg or .jpeg"), "\(refused.stderr)")
    }

    @Test func inferWritesTheOutputOfAOneOutputModelAndTimesWarmRuns() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = CLIHarness.repositoryRoot.appendingPathComponent("Tests/RestorationTests/ShippedModels/damage-unet@2.in.image.npy")
        let model = Self.shippedModels.appendingPathComponent("damage-unet@2.onnx").path
        let result = cli.run(["infer", "--model", model, "--input", input.path, "--output", cli.path("mask.npy"), "--warm-runs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("warm: inference ") && result.stdout.contains("(median of 2)"), "\(result.stdout)")
        let written = try Data(contentsOf: cli.root.appendingPathComponent("mask.npy"))
        #expect(written.count > 64 * 96 * 4, "the 1x1x64x96 output is written")
    }
}

/// `infer --memory-budget` and `--precision`, on the inference tests' small U-Net (receptive field a few pixels,
/// so a 200×264 image can be tiled).
@Suite struct InferOptionsCLITests {
    static let unet = CLIHarness.repositoryRoot.appendingPathComponent("Tests/InferenceTests/Fixtures/cases/net_unet.onnx").path

    private func input(_ cli: CLIHarness) throws -> String {
        var state: UInt64 = 11
        let tensor = Tensor(shape: [1, 3, 200, 264], values: (0..<(3 * 200 * 264)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        })
        try NumPyFile.write(tensor, to: URL(fileURLWithPath: cli.path("in.npy")))
        return cli.path("in.npy")
    }

    @Test func aSmallMemoryBudgetTilesAndSaysSoWithTheWholeImagesResult() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = try input(cli)
        let whole = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("whole.npy")])
        #expect(whole.status == 0 && whole.stdout.contains("fp32, whole image") && whole.stderr.isEmpty,
                "\(whole.stdout)\(whole.stderr)")
        // the whole-image plan is about 17 MB (MemoryBudgetTests); 9 MB leaves tiles of 64
        let tight = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("tiled.npy"),
                             "--memory-budget", "9M"])
        #expect(tight.status == 0, "\(tight.stderr)")
        #expect(tight.stderr.contains("over --memory-budget 9 MB: tiles of "), "\(tight.stderr)")
        #expect(tight.stdout.contains("tiles of"), "\(tight.stdout)")
        let (a, b) = (try NumPyFile.read(URL(fileURLWithPath: cli.path("whole.npy"))),
                      try NumPyFile.read(URL(fileURLWithPath: cli.path("tiled.npy"))))
        #expect(a.shape == b.shape)
        #expect((zip(a.values, b.values).map { abs($0 - $1) }.max() ?? .infinity) <= 1e-4)
        let given = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("given.npy"),
                             "--memory-budget", "9M", "--tile", "4096"])
        #expect(given.status == 0 && given.stdout.contains("whole image") && given.stderr.isEmpty, "--tile wins")
    }

    @Test func precisionIsPrintedAndBadValuesAreUsageErrors() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let input = try input(cli)
        let bf16 = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("bf16.npy"),
                            "--precision", "bf16"])
        #expect(bf16.status == 0, "\(bf16.stderr)")
        #expect(bf16.stdout.contains(" threads, \(Precision.bf16.available), "), "\(bf16.stdout)")
        #expect(bf16.stderr.contains("not available on this CPU") == !Precision.bf16Available, "\(bf16.stderr)")
        let badPrecision = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("x.npy"),
                                    "--precision", "fp16"])
        #expect(badPrecision.status == 64 && badPrecision.stderr.contains("fp32 or bf16"), "\(badPrecision.stderr)")
        let badBudget = cli.run(["infer", "--model", Self.unet, "--input", input, "--output", cli.path("x.npy"),
                                 "--memory-budget", "lots"])
        #expect(badBudget.status == 64 && badBudget.stderr.contains("--memory-budget lots"), "\(badBudget.stderr)")
    }
}

/// `process` on several originals, ingesting new paths first, going on past one that is missing.
@Suite struct ProcessCLITests {
    @Test func processesEachOriginalAndSummarises() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let odd = "odd \"name\", back\\slash é.png"
        for (index, name) in ["a.png", "b.png", odd].enumerated() {
            let samples = (0..<(40 * 30 * 3)).map { UInt8(($0 * (index + 3)) % 251) }
            try cli.write(name, try ImageEncoder.encode(
                RasterImage(width: 40, height: 30, channels: 3, bitDepth: 8, samples: .uint8(samples)), as: .png))
        }
        let db = ["--catalog", cli.catalogPath]
        let result = cli.run(["process", cli.path("a.png"), cli.path("b.png"), cli.path(odd), "999", "--pipeline", "classical",
                             "--out", cli.path("out")] + db)
        #expect(result.status == 66, "one reference is not found: \(result.stderr)")
        #expect(result.stdout.contains("classical: 3 processed, 0 failed, 1 not found"), "\(result.stdout)")
        #expect(result.stderr.contains("999"))
        // query output keeps an awkward name intact through JSON
        let json = cli.run(["query", "--format", "json"] + db)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.compactMap { ($0["paths"] as? [String])?.first?.hasSuffix("/" + odd) }.filter { $0 }.count == 1,
                "\(json.stdout)")
        let written = FileManager.default.enumerator(atPath: cli.root.appendingPathComponent("out").path)?
            .compactMap { $0 as? String } ?? []
        #expect(written.filter { $0.hasSuffix("provenance.json") }.count == 3, "\(written)")
        // a mask marks one original, and a pipeline without `mask: supplied` has no use for one
        let twoWithMask = cli.run(["process", cli.path("a.png"), cli.path("b.png"), "--mask", cli.path("a.png"),
                                   "--pipeline", "classical"] + db)
        #expect(twoWithMask.status == 64 && twoWithMask.stderr.contains("--mask marks one original"), "\(twoWithMask.stderr)")
        let unused = cli.run(["process", cli.path("a.png"), "--mask", cli.path("b.png"), "--pipeline", "classical",
                             "--out", cli.path("out")] + db)
        #expect(unused.status == 65 && unused.stderr.contains("this mask would not be used"), "\(unused.stderr)")
        // `restore` is the same command; the run names the software by its git commit when built from a checkout
        #expect(cli.run(["restore", cli.path("a.png"), "--pipeline", "classical", "--out", cli.path("out")] + db).status == 0)
        let history = cli.run(["history", cli.path("a.png")] + db)
        #expect(history.stdout.contains("RUN 2 of 2"), "\(history.stdout)")
        let gitHead = CLIHarness.repositoryRoot.appendingPathComponent(".git/HEAD").path
        if FileManager.default.fileExists(atPath: gitHead) {
            #expect(history.stdout.range(of: #"by Conservator 0\.1\.0 \([0-9a-f]{40}\)"#, options: .regularExpression) != nil,
                    "\(history.stdout)")
        }
    }
}
