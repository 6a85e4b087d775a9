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
        let size = [input.shape[2], input.shape[3]]
        let inputName = model.inputs[0].name
        // Planning the whole image only infers shapes (no memory), and checks the model accepts the input.
        let probe = try session.plan(for: [inputName: input.shape])
        let field = ReceptiveField(plan: probe)
        let factor = field.downsampling
        let core = max(factor, tileSize / factor * factor)
        guard let radius = field.radius, size.contains(where: { $0 > core }) else {
            return (try session.run(input), Layout(tiles: 1, window: size, overlap: field.radius, downsampling: factor))
        }
        let overlap = (radius + factor - 1) / factor * factor
        guard size.contains(where: { $0 > core + 2 * overlap }) else {
            // One window would hold the whole image anyway.
            return (try session.run(input), Layout(tiles: 1, window: size, overlap: overlap, downsampling: factor))
        }
        let windows = (0..<2).map { axis in Self.windows(length: size[axis], core: core, overlap: overlap, factor: factor) }

        var output: Tensor?
        var scale: (rows: Int, columns: Int, divisor: [Int])?
        for rowWindow in windows[0] {
            for columnWindow in windows[1] {
                let tile = crop(input, rows: rowWindow.window, columns: columnWindow.window)
                let result = try session.run(tile)
                if output == nil {
                    // The output grid relative to the input grid: out = in * result / window.
                    scale = (result.shape[2], result.shape[3], [tile.shape[2], tile.shape[3]])
                    output = Tensor(uninitialized: [result.shape[0], result.shape[1]]
                        + (0..<2).map { size[$0] * [result.shape[2], result.shape[3]][$0] / [tile.shape[2], tile.shape[3]][$0] },
                        dataType: .float32)
                }
                guard let output, let scale, result.shape[2] * scale.divisor[0] == scale.rows * tile.shape[2],
                      result.shape[3] * scale.divisor[1] == scale.columns * tile.shape[3] else {
                    throw .invalidNode(.pending, reason: "tiles of \(tile.shape) give outputs of inconsistent scale")
                }
                paste(result, into: output, rows: rowWindow, columns: columnWindow,
                      scale: [(scale.rows, scale.divisor[0]), (scale.columns, scale.divisor[1])])
            }
        }
        let layout = Layout(tiles: windows[0].count * windows[1].count,
                            window: [windows[0][0].window.count, windows[1][0].window.count],
                            overlap: overlap, downsampling: factor)
        return (output!, layout)
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

    /// Copies the core of a window's result into `output`, in output pixels (input pixels x numerator / denominator).
    private func paste(_ result: Tensor, into output: Tensor, rows: Span, columns: Span, scale: [(Int, Int)]) {
        func map(_ range: Range<Int>, _ origin: Int, _ axis: Int) -> Range<Int> {
            let (numerator, denominator) = scale[axis]
            return (range.lowerBound - origin) * numerator / denominator..<(range.upperBound - origin) * numerator / denominator
        }
        let sourceRows = map(rows.core, rows.window.lowerBound, 0), sourceColumns = map(columns.core, columns.window.lowerBound, 1)
        let targetRows = map(rows.core, 0, 0).lowerBound, targetColumns = map(columns.core, 0, 1).lowerBound
        let (height, width) = (output.shape[2], output.shape[3]), (resultHeight, resultWidth) = (result.shape[2], result.shape[3])
        for plane in 0..<(output.shape[0] * output.shape[1]) {
            for (offset, row) in sourceRows.enumerated() {
                (output.floats + (plane * height + targetRows + offset) * width + targetColumns)
                    .update(from: result.floats + (plane * resultHeight + row) * resultWidth + sourceColumns.lowerBound,
                            count: sourceColumns.count)
            }
        }
    }
}
