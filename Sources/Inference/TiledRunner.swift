/// Runs a one-input, one-output fully convolutional model over an NCHW image of any size, tile by
/// tile, so memory for inference is bounded by the tile size, not the image.
///
/// Each tile keeps a core of `tileSize` pixels (the last one in a row or column may be smaller) and
/// is computed on a window extending the core by the model's receptive-field radius on each side
/// (clamped to the image by shifting the window inward, so every window has the same size). Window
/// origins are multiples of the model's total downsampling factor, so pooling grids and upsampling
/// phases line up with the whole image's; the output within a core is therefore the whole-image
/// output, up to float rounding, and the cores are stitched without seams.
///
/// Models that are not fully convolutional (global pooling, instance normalisation, reshapes) run
/// whole, as do images that one window (a tile plus its overlap) would cover anyway.
///
/// ```swift
/// let runner = TiledRunner(session: InferenceSession(model: model, threads: 2), tileSize: 512)
/// let output = try runner.run(scan)    // 1x3x6000x4000: 12 x 8 tiles of 512² plus overlap
/// ```
public struct TiledRunner {
    public let session: InferenceSession
    /// Side of a tile's core, in input pixels, before rounding down to the downsampling factor.
    public let tileSize: Int

    public init(session: InferenceSession, tileSize: Int = 1024) {
        self.session = session
        self.tileSize = max(1, tileSize)
    }

    /// How the last ``run(_:)`` was carried out.
    public struct Layout: Sendable, Equatable {
        /// Number of windows run (1 for a whole-image run).
        public var tiles: Int
        /// Window size (height, width) in input pixels.
        public var window: [Int]
        /// Overlap added on each side of a core; nil for a model that is not tileable.
        public var overlap: Int?
        public var downsampling: Int
    }

    /// Runs the model over `input` (rank 4, NCHW).
    public func run(_ input: Tensor) throws(InferenceError) -> Tensor {
        try runWithLayout(input).output
    }

    /// ``run(_:)``, also telling how the image was tiled.
    public func runWithLayout(_ input: Tensor) throws(InferenceError) -> (output: Tensor, layout: Layout) {
        let model = session.model
        guard model.inputs.count == 1, model.outputNames.count == 1, input.shape.count == 4 else {
            return (try session.run(input), Layout(tiles: 1, window: Array(input.shape.suffix(2)), overlap: nil, downsampling: 1))
        }
        var output: Tensor?
        let layout = try run(batch: input.shape[0], channels: input.shape[1], height: input.shape[2], width: input.shape[3],
                             read: { rows, columns in
                                 // one window over the whole image: the input itself, not a copy
                                 rows.count == input.shape[2] && columns.count == input.shape[3]
                                     ? input : crop(input, rows: rows, columns: columns)
                             },
                             write: { result, core in
                                 if output == nil, core.resultRows == 0..<result.shape[2],
                                    core.resultColumns == 0..<result.shape[3], core.outputHeight == result.shape[2],
                                    core.outputWidth == result.shape[3] {
                                     output = result  // the one window's result is the whole output
                                     return
                                 }
                                 if output == nil {
                                     output = Tensor(uninitialized: [result.shape[0], result.shape[1], core.outputHeight,
                                                                     core.outputWidth], dataType: .float32)
                                 }
                                 paste(result, core, into: output!)
                             })
        return (output!, layout)
    }

    /// Where a window's core goes: which rows and columns of the window's result are the core, and where
    /// they start in the whole output (all in output pixels, which differ from input pixels for a model
    /// that changes the size).
    public struct Core: Sendable, Equatable {
        public var resultRows: Range<Int>
        public var resultColumns: Range<Int>
        public var outputRow: Int
        public var outputColumn: Int
        /// The whole output's size.
        public var outputHeight: Int
        public var outputWidth: Int
    }

    /// Runs the model over an image of `height × width` that is never held whole: `read` makes each
    /// window's input (1 or `batch` × `channels` × rows × columns, in input pixels), and `write` receives
    /// each window's result with the ``Core`` to keep from it. A window whose core `needed` declines is
    /// not run at all and its part of the output is never written (an inpainter skips tiles without
    /// holes). Memory is the caller's planes plus one window's activations. The session takes back each
    /// window's input and result once `write` returns (unless `write` kept the tensor itself), so `read`
    /// may make its windows with ``InferenceSession/makeInput(shape:fill:)``.
    ///
    /// Models that are not tileable, and images one window would cover, run as one window. `progress`
    /// hears, after each window (run or declined), how many of the layout's windows are behind.
    public func run(batch: Int = 1, channels: Int, height: Int, width: Int,
                    needed: (_ rows: Range<Int>, _ columns: Range<Int>) -> Bool = { _, _ in true },
                    read: (_ rows: Range<Int>, _ columns: Range<Int>) -> Tensor,
                    write: (_ result: Tensor, _ core: Core) -> Void,
                    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws(InferenceError) -> Layout {
        let model = session.model
        guard model.inputs.count == 1, model.outputNames.count == 1 else {
            throw .invalidNode(.pending, reason: "a tiled run needs one input and one output; the model has "
                               + "\(model.inputs.count) and \(model.outputNames.count)")
        }
        let (windows, overlap, factor) = try tiling(batch: batch, channels: channels, height: height, width: width)

        var scale: (rows: Int, columns: Int, divisor: [Int])?
        let total = windows[0].count * windows[1].count
        var done = 0
        for rowWindow in windows[0] {
            for columnWindow in windows[1] {
                defer {
                    done += 1
                    progress(done, total)
                }
                guard needed(rowWindow.core, columnWindow.core) else { continue }
                let tile = read(rowWindow.window, columnWindow.window)
                let result = try session.run(tile)
                // The output grid relative to the input grid: out = in * result / window.
                let current = scale ?? (result.shape[2], result.shape[3], [tile.shape[2], tile.shape[3]])
                scale = current
                guard result.shape.count == 4, result.shape[2] * current.divisor[0] == current.rows * tile.shape[2],
                      result.shape[3] * current.divisor[1] == current.columns * tile.shape[3] else {
                    throw .invalidNode(.pending, reason: "tiles of \(tile.shape) give outputs of inconsistent scale")
                }
                func map(_ range: Range<Int>, from origin: Int, _ numerator: Int, _ denominator: Int) -> Range<Int> {
                    (range.lowerBound - origin) * numerator / denominator..<(range.upperBound - origin) * numerator / denominator
                }
                write(result, Core(
                    resultRows: map(rowWindow.core, from: rowWindow.window.lowerBound, current.rows, current.divisor[0]),
                    resultColumns: map(columnWindow.core, from: columnWindow.window.lowerBound, current.columns,
                                       current.divisor[1]),
                    outputRow: rowWindow.core.lowerBound * current.rows / current.divisor[0],
                    outputColumn: columnWindow.core.lowerBound * current.columns / current.divisor[1],
                    outputHeight: height * current.rows / current.divisor[0],
                    outputWidth: width * current.columns / current.divisor[1]))
                // Window after window of one size: the next one reuses this one's input and output memory.
                session.recycle(consume tile)
                session.recycle(consume result)
            }
        }
        return Self.layout(windows, overlap: overlap, factor: factor)
    }

    /// The windows along each axis (rows, then columns), the overlap and the downsampling factor for an
    /// image of this size: tiles of `tileSize`, or one window when the model is not tileable, the image
    /// fits one core, or one window would hold the whole image anyway.
    private func tiling(batch: Int, channels: Int, height: Int, width: Int) throws(InferenceError)
        -> (windows: [[Span]], overlap: Int?, factor: Int) {
        let model = session.model
        let size = [height, width]
        // Planning the whole image only infers shapes (no memory), and checks the model accepts the input.
        let probe = try session.plan(for: [model.inputs[0].name: [batch, channels, height, width]])
        let field = ReceptiveField(plan: probe)
        let factor = field.downsampling
        let core = max(factor, tileSize / factor * factor)
        if let radius = field.radius, size.contains(where: { $0 > core }),
           case let margin = (radius + factor - 1) / factor * factor, size.contains(where: { $0 > core + 2 * margin }) {
            return ((0..<2).map { axis in Self.windows(length: size[axis], core: core, overlap: margin, factor: factor) },
                    margin, factor)
        }
        return ([[Span(window: 0..<height, core: 0..<height)], [Span(window: 0..<width, core: 0..<width)]],
                field.radius.map { ($0 + factor - 1) / factor * factor }, factor)
    }

    /// The ``Layout`` a run of a `batch × channels × height × width` image would have (nothing runs).
    public func plannedLayout(batch: Int = 1, channels: Int, height: Int, width: Int) throws(InferenceError) -> Layout {
        let (windows, overlap, factor) = try tiling(batch: batch, channels: channels, height: height, width: width)
        return Self.layout(windows, overlap: overlap, factor: factor)
    }

    /// Bytes of tensors a ``run(_:)`` of a `batch × channels × height × width` image holds at its peak: the
    /// input image, the session's arena for one window (``ExecutionPlan/arenaBytes``, the window's output
    /// included) and, when tiled, one window's input and the stitched output. Shapes only; nothing runs.
    public func plannedBytes(batch: Int = 1, channels: Int, height: Int, width: Int) throws(InferenceError) -> Int {
        let model = session.model
        guard model.inputs.count == 1, model.outputNames.count == 1 else {
            throw .invalidNode(.pending, reason: "a tiled run needs one input and one output; the model has "
                               + "\(model.inputs.count) and \(model.outputNames.count)")
        }
        let (windows, _, _) = try tiling(batch: batch, channels: channels, height: height, width: width)
        let window = [batch, channels, windows[0][0].window.count, windows[1][0].window.count]
        let plan = try session.plan(for: [model.inputs[0].name: window])
        let imageBytes = batch * channels * height * width * 4
        guard windows[0].count * windows[1].count > 1 else { return imageBytes + plan.arenaBytes }
        let whole = try session.plan(for: [model.inputs[0].name: [batch, channels, height, width]])
        let outputBytes = whole.outputSlots.values.map { (whole.shapes[$0] ?? []).reduce(1, *) * 4 }.reduce(0, +)
        return imageBytes + window.reduce(1, *) * 4 + outputBytes + plan.arenaBytes
    }

    private static func layout(_ windows: [[Span]], overlap: Int?, factor: Int) -> Layout {
        Layout(tiles: windows[0].count * windows[1].count, window: [windows[0][0].window.count, windows[1][0].window.count],
               overlap: overlap, downsampling: factor)
    }

    /// One tile along an axis: the window run and the core kept from it.
    struct Span {
        var window: Range<Int>
        var core: Range<Int>
    }

    /// Tiles along an axis of `length`: cores of `core` pixels from 0, each window the core plus
    /// `overlap` on both sides, shifted inside [0, length) and started on a multiple of `factor`.
    static func windows(length: Int, core: Int, overlap: Int, factor: Int) -> [Span] {
        let extent = min(length, core + 2 * overlap)
        return stride(from: 0, to: length, by: core).map { start in
            var origin = min(max(start - overlap, 0), length - extent)
            origin = origin / factor * factor
            let end = max(origin + extent, min(start + core + overlap, length))
            return Span(window: origin..<end, core: start..<min(start + core, length))
        }
    }

    private func crop(_ input: Tensor, rows: Range<Int>, columns: Range<Int>) -> Tensor {
        let tile = Tensor(uninitialized: [input.shape[0], input.shape[1], rows.count, columns.count], dataType: .float32)
        let strides = Shape.strides(input.shape)
        ElementCopy.strided(input, base: rows.lowerBound * strides[2] + columns.lowerBound, strides: strides, to: tile)
        return tile
    }

    /// Copies the core of a window's result into `output`.
    private func paste(_ result: Tensor, _ core: Core, into output: Tensor) {
        let (height, width) = (output.shape[2], output.shape[3]), (resultHeight, resultWidth) = (result.shape[2], result.shape[3])
        for plane in 0..<(output.shape[0] * output.shape[1]) {
            for (offset, row) in core.resultRows.enumerated() {
                (output.floats + (plane * height + core.outputRow + offset) * width + core.outputColumn)
                    .update(from: result.floats + (plane * resultHeight + row) * resultWidth + core.resultColumns.lowerBound,
                            count: core.resultColumns.count)
            }
        }
    }
}
