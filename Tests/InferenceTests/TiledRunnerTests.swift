import Testing
@testable import Inference

/// Tiled and whole-image runs agree; tiles cover the image exactly once.
@Suite struct TiledRunnerTests {
    private func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var state = seed
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        return Tensor(shape: shape, values: values)
    }

    private func compareTiledWithWhole(_ name: String, input shape: [Int], tile: Int) throws -> TiledRunner.Layout {
        let model = try FixtureCase.named(name).loadModel()
        let input = random(shape, seed: 42)
        let whole = try InferenceSession(model: model, threads: 2).run(input)
        let (tiled, layout) = try TiledRunner(session: InferenceSession(model: model, threads: 2), tileSize: tile)
            .runWithLayout(input)
        #expect(tiled.shape == whole.shape)
        let worst = zip(tiled.values, whole.values).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-4, "tiled differs from whole by \(worst)")
        return layout
    }

    @Test func unetTilesMatchWholeImage() throws {
        let layout = try compareTiledWithWhole("net_unet", input: [1, 3, 72, 88], tile: 16)
        #expect(layout.tiles > 4)
        #expect(layout.downsampling == 4)
        #expect(layout.overlap.map { $0 % 4 == 0 && $0 >= 4 } == true)
    }

    @Test func denoiserTilesMatchWholeImageAtOddSizes() throws {
        let layout = try compareTiledWithWhole("net_denoiser", input: [1, 3, 53, 37], tile: 11)
        #expect(layout.tiles == 5 * 4)
        #expect(layout.overlap == 6)  // six 3x3 convolutions
    }

    @Test func progressHearsEveryWindowRunOrDeclined() throws {
        let model = try FixtureCase.named("net_denoiser").loadModel()
        let runner = TiledRunner(session: InferenceSession(model: model, threads: 1), tileSize: 11)
        var heard: [(done: Int, total: Int)] = []
        var run = 0
        let layout = try runner.run(
            channels: 3, height: 53, width: 37,
            needed: { rows, _ in rows.lowerBound == 0 },  // only the first row of windows
            read: { rows, columns in self.random([1, 3, rows.count, columns.count], seed: 1) },
            write: { _, _ in run += 1 },
            progress: { heard.append(($0, $1)) })
        #expect(run == 4, "one row of four windows is run")
        #expect(heard.map(\.done) == Array(1...layout.tiles), "every window, declined ones too, in order")
        #expect(heard.allSatisfy { $0.total == layout.tiles && layout.tiles == 20 })
    }

    /// Window after window, the session takes back each window's input and result: inputs made with
    /// `makeInput` land in memory an earlier window used (new memory costs a page fault per 4 KiB), and
    /// the stitched output is still the whole-image one.
    @Test func windowsReuseTheMemoryOfEarlierWindows() throws {
        let model = try FixtureCase.named("net_denoiser").loadModel()
        let image = random([1, 3, 53, 37], seed: 3)
        let whole = try InferenceSession(model: model, threads: 1).run(image)
        let session = InferenceSession(model: model, threads: 1)
        var addresses: [UnsafeRawPointer] = []
        var stitched = [Float](repeating: .nan, count: 53 * 37 * 3)
        let layout = try TiledRunner(session: session, tileSize: 11).run(
            channels: 3, height: 53, width: 37,
            read: { rows, columns in
                let window = session.makeInput(shape: [1, 3, rows.count, columns.count]) { buffer in
                    image.withUnsafeFloats { source in
                        var i = 0
                        for channel in 0..<3 { for y in rows { for x in columns {
                            buffer[i] = source[(channel * 53 + y) * 37 + x]
                            i += 1
                        } } }
                    }
                }
                window.withUnsafeFloats { addresses.append(UnsafeRawPointer($0.baseAddress!)) }
                return window
            },
            write: { result, core in
                result.withUnsafeFloats { values in
                    for channel in 0..<3 { for (offset, row) in core.resultRows.enumerated() {
                        for (step, column) in core.resultColumns.enumerated() {
                            stitched[(channel * 53 + core.outputRow + offset) * 37 + core.outputColumn + step] =
                                values[(channel * result.shape[2] + row) * result.shape[3] + column]
                        }
                    } }
                }
            })
        #expect(layout.tiles == 20)
        // Buffers the first windows used, taken back, hold every later window's input: none is new.
        #expect(Set(addresses).count == Set(addresses.prefix(4)).count, "\(Set(addresses).count) buffers")
        let worst = zip(stitched, whole.values).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst <= 1e-4, "tiled differs from whole by \(worst)")
    }

    /// A recycled tensor's memory is handed out again (the session keeps it: memory the allocator got
    /// back would go to the next allocation of that size); one still shared with another tensor is not.
    @Test func aRecycledTensorIsReusedUnlessShared() throws {
        let session = InferenceSession(model: try FixtureCase.named("net_denoiser").loadModel(), threads: 1)
        let shape = [1, 3, 8, 8]
        let first = session.makeInput(shape: shape) { $0.update(repeating: 1) }
        let address = first.withUnsafeFloats { UnsafeRawPointer($0.baseAddress!) }
        session.recycle(consume first)
        let unrelated = Tensor(shape: shape, values: [Float](repeating: 0, count: 192))
        let second = session.makeInput(shape: shape) { $0.update(repeating: 2) }
        #expect(second.withUnsafeFloats { UnsafeRawPointer($0.baseAddress!) } == address)
        #expect(unrelated.withUnsafeFloats { UnsafeRawPointer($0.baseAddress!) } != address)
        let kept = second
        session.recycle(second)
        let third = session.makeInput(shape: shape) { $0.update(repeating: 3) }
        #expect(third.withUnsafeFloats { UnsafeRawPointer($0.baseAddress!) } != address)
        #expect(kept.values.allSatisfy { $0 == 2 }, "a tensor still in use keeps its values")
    }

    @Test func upsamplerTilesMatchWholeImage() throws {
        let layout = try compareTiledWithWhole("net_upsampler", input: [1, 3, 40, 30], tile: 12)
        #expect(layout.tiles > 1)
    }

    @Test func globalModelsRunWhole() throws {
        let layout = try compareTiledWithWhole("globalaveragepool", input: [1, 3, 9, 10], tile: 4)
        #expect(layout.tiles == 1 && layout.overlap == nil)
    }

    @Test(arguments: [(100, 16, 8, 4), (37, 10, 3, 1), (64, 64, 8, 8), (65, 16, 12, 4)])
    func windowsCoverEachPixelOnceWithMargins(length: Int, core: Int, overlap: Int, factor: Int) {
        let spans = TiledRunner.windows(length: length, core: core, overlap: overlap, factor: factor)
        #expect(spans.map(\.core.count).reduce(0, +) == length)
        for (index, span) in spans.enumerated() {
            #expect(span.window.lowerBound % factor == 0)
            #expect(span.window.lowerBound >= 0 && span.window.upperBound <= length)
            #expect(index == 0 || span.core.lowerBound == spans[index - 1].core.upperBound)
            // A core side inside the image has `overlap` pixels of context, unless the window reaches the border.
            #expect(span.window.lowerBound == 0 || span.core.lowerBound - span.window.lowerBound >= overlap)
            #expect(span.window.upperBound == length || span.window.upperBound - span.core.upperBound >= overlap)
            #expect(span.window.lowerBound <= span.core.lowerBound && span.core.upperBound <= span.window.upperBound)
        }
    }
}

/// Which slices a tiled run may cut through: channel slices keep pixels in place, row or column slices do not.
@Suite struct SliceExtentTests {
    private func extent(starts: [Int64], axes: [Int64]?) -> SpatialExtent {
        let constants: [Tensor?] = [nil, Tensor(shape: [starts.count], int64Values: starts),
                                    Tensor(shape: [starts.count], int64Values: starts.map { $0 + 1 })]
            + (axes.map { [Tensor(shape: [$0.count], int64Values: $0)] } ?? [])
        return Slice().spatialExtent(constants)
    }

    @Test func channelAndBatchSlicesArePointwise() {
        #expect(extent(starts: [0], axes: [1]) == .pointwise)
        #expect(extent(starts: [3], axes: [-3]) == .pointwise)
        #expect(extent(starts: [0, 1], axes: nil) == .pointwise, "no axes: the first two, batch and channels")
    }

    @Test func rowOrColumnSlicesAreGlobal() {
        #expect(extent(starts: [0, 2], axes: [1, 2]) == .global)
        #expect(extent(starts: [1], axes: [-1]) == .global)
        #expect(extent(starts: [0, 0, 1], axes: nil) == .global)
        #expect(Slice().spatialExtent([nil, nil, nil]) == .global, "starts known only at run time")
    }
}
