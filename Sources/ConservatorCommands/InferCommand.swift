import ArgumentParser
import Foundation
import Inference
import Raster
import Restoration

/// `conservator infer`: runs an ONNX model on a tensor or an image with the built-in inference core.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Run an ONNX model on a .npy tensor or a PNG/TIFF/JPEG image, tile by tile, and time it.",
        discussion: """
            IN and OUT are NumPy .npy files (float32 NCHW tensors) or images: a PNG, TIFF or JPEG input becomes \
            a 1x3xHxW tensor in [0, 1] (gray replicated, alpha dropped); a .png or .jpg output is written 8-bit, \
            a .tif/.tiff output 16-bit, from a 1- or 3-channel output clamped to [0, 1].

            Tiling: an image runs whole when its plan (the tensors of a whole-image run, counted from the \
            model's shapes before anything runs) fits --memory-budget; otherwise in the largest power-of-two \
            tiles whose plan fits, which standard error names. --tile N sets the tile core instead (images no \
            larger run whole). Tiles overlap by the model's receptive field, so the stitched result equals the \
            whole-image result. The operators a model may use are listed in docs/INFERENCE.md.

            fp32 runs stride-1 3x3 convolutions as Winograd F(4x4,3x3) (a quarter of the multiplies). --precision \
            bf16 runs every convolution directly with bfloat16 weights and activations and fp32 sums \
            (AVX512-BF16: twice fp32's multiply rate, at the error docs/INFERENCE.md measures per model; on \
            most models now slower than fp32's Winograd). On a CPU without it the model runs in fp32, and \
            standard error says so; the precision used is printed with the timing.

            A model with several outputs (such as color-restore's curves and matrix) runs whole, and each \
            output is written next to OUT as <OUT without .npy>.<output name>.npy; OUT must end in .npy.

            Prints the time taken (load, inference) and the tiling to standard output. The first run of a \
            session also pays for its memory (the kernel zeroes every fresh page); --warm-runs N times N more \
            runs in the same session, as ONNX Runtime is timed after a warm-up run.

            EXIT STATUS
              0   success
              65  the model or the input is invalid or outside the operator contract (the message names the node)
              66  the model or input file does not exist
              74  the output could not be written
            """)

    @Option(help: ArgumentHelp("The ONNX model.", valueName: "FILE.onnx"))
    var model: String

    @Option(help: ArgumentHelp("Input tensor (.npy) or image (.png, .tif, .tiff, .jpg, .jpeg).", valueName: "IN"))
    var input: String

    @Option(help: ArgumentHelp("Output tensor (.npy) or image (.png, .tif, .tiff, .jpg, .jpeg).", valueName: "OUT"))
    var output: String

    @Option(help: "Threads inside each convolution (default: all cores).")
    var threads: Int?

    @Option(help: "Side of a tile's core in input pixels; images no larger run whole (default: chosen by --memory-budget).")
    var tile: Int?

    @Option(help: ArgumentHelp("Most memory for the run's tensors, as bytes or with K, M, G: the image runs whole when "
                               + "its plan fits, else in tiles that do.", valueName: "size"))
    var memoryBudget = "1G"

    @Option(help: ArgumentHelp("Arithmetic of the convolutions: fp32 or bf16 (bfloat16 products, fp32 sums).",
                               valueName: "fp32|bf16"))
    var precision = "fp32"

    @Option(help: ArgumentHelp("After the first run, run this many more in the same session and print their median: "
                               + "the warm time, with the session's memory already in place (ONNX Runtime is "
                               + "usually timed so).", valueName: "n"))
    var warmRuns = 0

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let tile, tile < 16 { throw ValidationError("--tile must be at least 16") }
        if MemoryBudget(memoryBudget) == nil {
            throw ValidationError("--memory-budget \(memoryBudget): give a positive size such as 1G, 512M or 1073741824")
        }
        if Precision(rawValue: precision) == nil {
            throw ValidationError("--precision \(precision): use \(Precision.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        if warmRuns < 0 { throw ValidationError("--warm-runs must be 0 or more") }
        for path in [input, output] where Format(path) == nil {
            throw ValidationError("\(path): use .npy, .png, .tif, .tiff, .jpg or .jpeg")
        }
    }

    func run() throws {
        for path in [model, input] where !FileManager.default.fileExists(atPath: path) {
            ExitStatus.report("\(path): no such file")
            throw ExitStatus.notFound
        }
        let clock = ContinuousClock()
        let start = clock.now
        let loaded: Model
        let tensor: Tensor
        do {
            loaded = try Model(contentsOf: URL(fileURLWithPath: model), precision: Precision(rawValue: precision)!)
            tensor = try readInput()
        } catch let error as InferenceError {
            ExitStatus.report(error.description)
            throw ExitStatus.dataError
        }
        let loadTime = clock.now - start
        if loaded.precision.rawValue != precision {
            ExitStatus.report("--precision \(precision) is not available on this CPU (no AVX512-BF16): running \(loaded.precision)")
        }
        let session = InferenceSession(model: loaded, threads: threads)
        if loaded.outputNames.count > 1 {
            try runWhole(session, on: tensor, loadTime: loadTime)
            return
        }
        let runner = TiledRunner(session: session, tileSize: try tileSize(for: session, input: tensor))
        let (run, times) = try timedRuns { () throws(InferenceError) in try runner.runWithLayout(tensor) }
        let (result, layout) = run
        try writeOutput(result)
        let tiling = layout.tiles == 1 ? "whole image" :
            "\(layout.tiles) tiles of \(layout.window[0])x\(layout.window[1]) (overlap \(layout.overlap ?? 0))"
        Console.print("\(model): \(tensor.shape) -> \(result.shape), \(session.threads) threads, \(loaded.precision), \(tiling)")
        printTimes(load: loadTime, runs: times)
    }

    /// Runs `body` once for the result, then --warm-runs more times for their times only.
    private func timedRuns<Result>(_ body: () throws(InferenceError) -> Result) throws -> (Result, [Duration]) {
        let clock = ContinuousClock()
        var first: Result?
        var times: [Duration] = []
        for _ in 0...warmRuns {
            let start = clock.now
            do {
                let result = try body()
                times.append(clock.now - start)
                if first == nil { first = result }
            } catch {
                ExitStatus.report(error.description)
                throw ExitStatus.dataError
            }
        }
        return (first!, times)
    }

    /// The load and first-run times, and the median of the warm runs when there were any.
    private func printTimes(load: Duration, runs times: [Duration]) {
        Console.print(String(format: "time: load %.1f ms, inference %.1f ms", Self.milliseconds(load), Self.milliseconds(times[0])))
        let warmTimes = times.dropFirst()
        if !warmTimes.isEmpty {
            let median = warmTimes.sorted()[warmTimes.count / 2]
            Console.print(String(format: "warm: inference %.1f ms (median of %d)", Self.milliseconds(median), warmTimes.count))
        }
    }

    /// --tile when given; else the whole image if its plan fits --memory-budget, or the largest tile that
    /// does (said on standard error, with what the whole image would have needed).
    private func tileSize(for session: InferenceSession, input: Tensor) throws -> Int {
        if let tile { return tile }
        guard input.shape.count == 4 else { return .max }  // not NCHW: TiledRunner runs it whole anyway
        let budget = MemoryBudget(memoryBudget)!
        let choice: MemoryBudget.Tiling
        do {
            choice = try budget.tiling(for: session, batch: input.shape[0], channels: input.shape[1],
                                       height: input.shape[2], width: input.shape[3])
        } catch {
            ExitStatus.report(error.description)
            throw ExitStatus.dataError
        }
        if choice.isTiled {
            ExitStatus.report("the whole-image plan needs \(MemoryBudget.format(choice.wholeBytes)), over --memory-budget "
                              + "\(budget): tiles of \(choice.tileSize) (planned \(MemoryBudget.format(choice.plannedBytes)))")
        }
        if !choice.fits {
            let why = choice.isTiled ? "tiles of \(choice.tileSize) are the smallest tried"
                : "it runs whole: the model cannot run in tiles, or no tile of \(MemoryBudget.smallestTile) or more is smaller"
            ExitStatus.report("warning: the run plans \(MemoryBudget.format(choice.plannedBytes)), over --memory-budget "
                              + "\(budget) (\(why))")
        }
        return choice.tileSize
    }

    /// Runs a model with several outputs on the whole input and writes one .npy per output.
    private func runWhole(_ session: InferenceSession, on tensor: Tensor, loadTime: Duration) throws {
        guard Format(output) == .npy, let input = session.model.inputs.first?.name else {
            ExitStatus.report("\(model) has \(session.model.outputNames.count) outputs "
                              + "(\(session.model.outputNames.joined(separator: ", "))): give OUT as a .npy path")
            throw ExitStatus.dataError
        }
        let (outputs, times) = try timedRuns { () throws(InferenceError) in try session.run([input: tensor]) }
        let stem = String(output.dropLast(4))
        for name in session.model.outputNames {
            guard let value = outputs[name] else { continue }
            let path = "\(stem).\(name).npy"
            do {
                try NumPyFile.write(value, to: URL(fileURLWithPath: path))
            } catch {
                ExitStatus.report(error.description)
                throw ExitStatus.ioError
            }
            Console.print("\(name) \(value.shape) -> \(path)")
        }
        Console.print("\(model): \(tensor.shape), \(session.threads) threads, \(session.model.precision), whole input (\(outputs.count) outputs)")
        printTimes(load: loadTime, runs: times)
    }

    private enum Format {
        case npy, png, tiff, jpeg

        init?(_ path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "npy": self = .npy
            case "png": self = .png
            case "tif", "tiff": self = .tiff
            case "jpg", "jpeg": self = .jpeg
            default: return nil
            }
        }
    }

    private func readInput() throws -> Tensor {
        guard Format(input) != .npy else { return try NumPyFile.read(URL(fileURLWithPath: input)) }
        do {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input)))
            return WorkingImage(try ImageDecoder.decode(bytes)).tensor
        } catch let error as RasterError {
            ExitStatus.report("\(input): \(error)")
            throw ExitStatus.dataError
        }
    }

    private func writeOutput(_ tensor: Tensor) throws {
        do {
            switch Format(output)! {
            case .npy:
                try NumPyFile.write(tensor, to: URL(fileURLWithPath: output))
            case let format:
                let isTIFF = format == .tiff
                guard let image = WorkingImage(tensor)?.raster(bitDepth: isTIFF ? 16 : 8, iccProfile: nil) else {
                    ExitStatus.report("\(output): an output of shape \(tensor.shape) is not a 1- or 3-channel image; write .npy")
                    throw ExitStatus.dataError
                }
                try ImageEncoder.write(image, to: output, as: isTIFF ? .tiff(compression: .deflate)
                                       : format == .jpeg ? .jpeg(quality: 95) : .png)
            }
        } catch let error as InferenceError {
            ExitStatus.report(error.description)
            throw ExitStatus.ioError
        } catch let error as RasterError {
            ExitStatus.report("\(output): \(error)")
            throw ExitStatus.ioError
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
