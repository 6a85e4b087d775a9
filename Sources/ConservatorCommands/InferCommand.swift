import ArgumentParser
import Foundation
import Inference
import Raster
import Restoration

/// `conservator infer`: runs an ONNX model on a tensor or an image with the built-in inference core.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Run an ONNX model on a .npy tensor or a PNG/TIFF image, tile by tile, and time it.",
        discussion: """
            IN and OUT are NumPy .npy files (float32 NCHW tensors) or images: a PNG or TIFF input becomes a \
            1x3xHxW tensor in [0, 1] (gray replicated, alpha dropped); a .png output is written 8-bit, a \
            .tif/.tiff output 16-bit, from a 1- or 3-channel output clamped to [0, 1].

            Images larger than --tile pixels on a side run in tiles that overlap by the model's receptive \
            field, so memory is bounded by the tile size; the stitched result equals the whole-image result. \
            The operators a model may use are listed in docs/INFERENCE.md.

            A model with several outputs (such as color-restore's curves and matrix) runs whole, and each             output is written next to OUT as <OUT without .npy>.<output name>.npy; OUT must end in .npy.

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

    @Option(help: ArgumentHelp("Input tensor (.npy) or image (.png, .tif, .tiff).", valueName: "IN"))
    var input: String

    @Option(help: ArgumentHelp("Output tensor (.npy) or image (.png, .tif, .tiff).", valueName: "OUT"))
    var output: String

    @Option(help: "Threads inside each convolution (default: all cores).")
    var threads: Int?

    @Option(help: "Side of a tile's core in input pixels; images no larger run whole.")
    var tile: Int = 1024

    @Option(help: ArgumentHelp("After the first run, run this many more in the same session and print their median: "
                               + "the warm time, with the session's memory already in place (ONNX Runtime is "
                               + "usually timed so).", valueName: "n"))
    var warmRuns = 0

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if tile < 16 { throw ValidationError("--tile must be at least 16") }
        if warmRuns < 0 { throw ValidationError("--warm-runs must be 0 or more") }
        for path in [input, output] where Format(path) == nil {
            throw ValidationError("\(path): use .npy, .png, .tif or .tiff")
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
            loaded = try Model(contentsOf: URL(fileURLWithPath: model))
            tensor = try readInput()
        } catch let error as InferenceError {
            ExitStatus.report(error.description)
            throw ExitStatus.dataError
        }
        let loadTime = clock.now - start
        let session = InferenceSession(model: loaded, threads: threads)
        if loaded.outputNames.count > 1 {
            try runWhole(session, on: tensor, loadTime: loadTime)
            return
        }
        let runner = TiledRunner(session: session, tileSize: tile)
        // The first run gives the result; the others (--warm-runs) only their times.
        var first: (output: Tensor, layout: TiledRunner.Layout)?
        var times: [Duration] = []
        for _ in 0...warmRuns {
            let runStart = clock.now
            do {
                let run = try runner.runWithLayout(tensor)
                times.append(clock.now - runStart)
                if first == nil { first = run }
            } catch {
                ExitStatus.report(error.description)
                throw ExitStatus.dataError
            }
        }
        let (result, layout) = first!
        let inferenceTime = times[0]
        let warmTimes = times.dropFirst()
        try writeOutput(result)
        let tiling = layout.tiles == 1 ? "whole image" :
            "\(layout.tiles) tiles of \(layout.window[0])x\(layout.window[1]) (overlap \(layout.overlap ?? 0))"
        Console.print("\(model): \(tensor.shape) -> \(result.shape), \(session.threads) threads, \(tiling)")
        Console.print(String(format: "time: load %.1f ms, inference %.1f ms", Self.milliseconds(loadTime), Self.milliseconds(inferenceTime)))
        if !warmTimes.isEmpty {
            let median = warmTimes.sorted()[warmTimes.count / 2]
            Console.print(String(format: "warm: inference %.1f ms (median of %d)", Self.milliseconds(median), warmTimes.count))
        }
    }

    /// Runs a model with several outputs on the whole input and writes one .npy per output.
    private func runWhole(_ session: InferenceSession, on tensor: Tensor, loadTime: Duration) throws {
        guard Format(output) == .npy, let input = session.model.inputs.first?.name else {
            ExitStatus.report("\(model) has \(session.model.outputNames.count) outputs "
                              + "(\(session.model.outputNames.joined(separator: ", "))): give OUT as a .npy path")
            throw ExitStatus.dataError
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outputs: [String: Tensor]
        do {
            outputs = try session.run([input: tensor])
        } catch {
            ExitStatus.report(error.description)
            throw ExitStatus.dataError
        }
        let inferenceTime = clock.now - start
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
        Console.print("\(model): \(tensor.shape), \(session.threads) threads, whole input (\(outputs.count) outputs)")
        Console.print(String(format: "time: load %.1f ms, inference %.1f ms", Self.milliseconds(loadTime), Self.milliseconds(inferenceTime)))
    }

    private enum Format {
        case npy, png, tiff

        init?(_ path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "npy": self = .npy
            case "png": self = .png
            case "tif", "tiff": self = .tiff
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
            case .png, .tiff:
                let isTIFF = Format(output) == .tiff
                guard let image = WorkingImage(tensor)?.raster(bitDepth: isTIFF ? 16 : 8, iccProfile: nil) else {
                    ExitStatus.report("\(output): an output of shape \(tensor.shape) is not a 1- or 3-channel image; write .npy")
                    throw ExitStatus.dataError
                }
                try ImageEncoder.write(image, to: output, as: isTIFF ? .tiff(compression: .deflate) : .png)
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
