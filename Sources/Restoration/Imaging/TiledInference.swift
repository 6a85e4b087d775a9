import Inference

/// Runs a fully convolutional model over an image of any size through the core's ``TiledRunner``, one
/// window at a time: the model's input is read from the caller's planes window by window and its output
/// written straight into the result planes, so memory is the image plus one window's activations, never
/// a padded copy of the whole input or a whole-image output tensor.
///
/// The image is extended by repeating its last row and column to the card's size multiple (the U-Nets
/// need height and width divisible by their downsampling); the extension is read, never stored.
struct TiledInference {
    let model: StoredModel
    let context: StageContext

    /// Copies `count` samples of input channel `channel`, image row `y`, from column `x` (all inside the
    /// image) to `destination`.
    typealias RowReader = (_ channel: Int, _ y: Int, _ x: Int, _ count: Int, _ destination: UnsafeMutablePointer<Float>) -> Void

    /// `planes` (each `width × height`) in, the model's `outputs` planes out, each `scale` times as wide
    /// and high as the input (a super-resolution model's factor; 1 for every other stage).
    func run(_ planes: [[Float]], outputs: Int, width: Int, height: Int, scale: Int = 1) throws(RestorationError) -> [[Float]] {
        try run(channels: planes.count, outputs: outputs, width: width, height: height, scale: scale) { channel, y, x, count, destination in
            planes[channel].withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + y * width + x, count: count) }
        }
    }

    /// The model's `outputs` planes for an input of `channels` planes that `rows` reads; a model that
    /// gives another number of channels, or an output not `scale` times the input's size, is refused
    /// (`unexpectedOutput`). Windows whose core (rows, columns inside the image) `needed` declines are
    /// not run, and their output stays 0.
    func run(channels: Int, outputs outputCount: Int, width: Int, height: Int, scale: Int = 1,
             needed: ((Range<Int>, Range<Int>) -> Bool)? = nil, rows: RowReader) throws(RestorationError) -> [[Float]] {
        let multiple = model.card.sizeMultiple
        let paddedWidth = (width + multiple - 1) / multiple * multiple
        let paddedHeight = (height + multiple - 1) / multiple * multiple
        let (outputWidth, outputHeight) = (width * scale, height * scale)
        var outputs = Array(repeating: [Float](repeating: 0, count: outputWidth * outputHeight), count: outputCount)
        var unexpected: String?
        do {
            let runner = TiledRunner(session: InferenceSession(model: model.network, threads: context.threads),
                                     tileSize: context.tileSize)
            _ = try runner.run(
                channels: channels, height: paddedHeight, width: paddedWidth,
                needed: { coreRows, coreColumns in
                    needed?(coreRows.clamped(to: 0..<height), coreColumns.clamped(to: 0..<width)) ?? true
                },
                read: { windowRows, windowColumns in
                    Self.window(channels: channels, rows: windowRows, columns: windowColumns, width: width,
                                height: height, reader: rows, session: runner.session)
                },
                write: { result, core in
                    guard core.outputHeight == paddedHeight * scale, core.outputWidth == paddedWidth * scale else {
                        unexpected = "an output of \(core.outputHeight)×\(core.outputWidth) for an input of "
                            + "\(paddedHeight)×\(paddedWidth)" + (scale == 1 ? "" : " (×\(scale) expected)")
                        return
                    }
                    guard result.shape[1] == outputCount else {
                        unexpected = "\(result.shape[1]) output channels; the stage needs \(outputCount)"
                        return
                    }
                    Self.keep(result, core, in: &outputs, width: outputWidth, height: outputHeight)
                },
                progress: { done, total in context.reportProgress?(Double(done) / Double(total)) })
        } catch {
            throw .inference(file: model.network.file, cause: error.description)
        }
        if let unexpected {
            throw .unexpectedOutput(file: model.network.file, cause: unexpected)
        }
        return outputs
    }

    /// One window of the input, 1 × channels × rows × columns, with rows and columns past the image
    /// repeating its last row and column, in memory the session reuses from window to window.
    private static func window(channels: Int, rows: Range<Int>, columns: Range<Int>, width: Int, height: Int,
                               reader: RowReader, session: InferenceSession) -> Tensor {
        session.makeInput(shape: [1, channels, rows.count, columns.count]) { buffer in
            let inside = max(0, min(columns.upperBound, width) - columns.lowerBound)
            var destination = buffer.baseAddress!
            for channel in 0..<channels {
                for y in rows {
                    let sourceRow = min(y, height - 1)
                    if inside > 0 { reader(channel, sourceRow, columns.lowerBound, inside, destination) }
                    if inside < columns.count {
                        var edge: Float = 0
                        reader(channel, sourceRow, width - 1, 1, &edge)
                        (destination + inside).update(repeating: edge, count: columns.count - inside)
                    }
                    destination += columns.count
                }
            }
        }
    }

    /// Copies the part of a window's core that lies inside the image into the output planes.
    private static func keep(_ result: Tensor, _ core: TiledRunner.Core, in outputs: inout [[Float]], width: Int, height: Int) {
        let (resultHeight, resultWidth) = (result.shape[2], result.shape[3])
        let count = min(core.resultColumns.count, width - core.outputColumn)
        guard count > 0 else { return }
        result.withUnsafeFloats { values in
            for channel in outputs.indices {
                outputs[channel].withUnsafeMutableBufferPointer { plane in
                    for (offset, row) in core.resultRows.enumerated() where core.outputRow + offset < height {
                        let source = (channel * resultHeight + row) * resultWidth + core.resultColumns.lowerBound
                        let target = (core.outputRow + offset) * width + core.outputColumn
                        (plane.baseAddress! + target).update(from: values.baseAddress! + source, count: count)
                    }
                }
            }
        }
    }
}
