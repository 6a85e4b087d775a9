import Testing
@testable import Inference

/// A memory budget picks tiling from the planned shapes alone: whole images when they fit, tiles that fit
/// otherwise, and tiled results equal whole-image ones.
@Suite struct MemoryBudgetTests {
    private func random(_ shape: [Int]) -> Tensor {
        var state: UInt64 = 7
        return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        })
    }

    @Test func sizesParseWithBinarySuffixes() {
        #expect(MemoryBudget("1G")?.bytes == 1 << 30)
        #expect(MemoryBudget("512m")?.bytes == 512 << 20)
        #expect(MemoryBudget("800K")?.bytes == 800 << 10)
        #expect(MemoryBudget("123456")?.bytes == 123_456)
        for bad in ["", "G", "0", "-1G", "1.5G", "1GB", "99999999999T"] { #expect(MemoryBudget(bad) == nil, "\(bad)") }
    }

    /// The plan counts what the arena will hold: the U-Net at 64×64 holds more than its input and output
    /// and no more than all its values and every convolution's workspace (Winograd's scratch) at once; a
    /// larger image plans more, at least as much again as its values grow.
    @Test func plannedBytesGrowWithTheImageAndBoundTheValues() throws {
        let session = InferenceSession(model: try FixtureCase.named("net_unet").loadModel(), threads: 1)
        let runner = TiledRunner(session: session, tileSize: 4096)
        let small = try runner.plannedBytes(channels: 3, height: 64, width: 64)
        let large = try runner.plannedBytes(channels: 3, height: 128, width: 128)
        func values(_ side: Int) throws -> Int {
            let plan = try session.plan(for: [session.model.inputs[0].name: [1, 3, side, side]])
            return plan.steps.flatMap(\.outputs).map { (plan.shapes[$0] ?? []).reduce(1, *) * 4 }.reduce(0, +)
        }
        let plan = try session.plan(for: [session.model.inputs[0].name: [1, 3, 64, 64]])
        var workspaces = 0
        for step in plan.steps {
            guard let conv = step.op as? Conv, let input = step.inputs.first ?? nil, let shape = plan.shapes[input] else { continue }
            workspaces += try conv.workspaceBytes(for: shape, threads: 1)
        }
        let (smallValues, largeValues) = (try values(64), try values(128))
        #expect(workspaces > 0)
        #expect(small > 2 * 3 * 64 * 64 * 4)
        #expect(small <= smallValues + 3 * 64 * 64 * 4 + workspaces)
        #expect(large - small >= (largeValues - smallValues) / 4)
    }

    @Test func aSmallBudgetTilesAndTheResultEqualsTheWholeImage() throws {
        let model = try FixtureCase.named("net_unet").loadModel()
        let input = random([1, 3, 200, 264])
        let session = InferenceSession(model: model, threads: 2)
        let whole = try session.run(input)
        let generous = try MemoryBudget(bytes: 1 << 30).tiling(for: session, channels: 3, height: 200, width: 264)
        #expect(!generous.isTiled && generous.fits && generous.tileSize == 264)
        let budget = MemoryBudget(bytes: generous.wholeBytes / 2)
        let choice = try budget.tiling(for: session, channels: 3, height: 200, width: 264)
        #expect(choice.isTiled && choice.fits && choice.plannedBytes <= budget.bytes, "\(choice)")
        #expect(choice.wholeBytes == generous.wholeBytes)
        let (tiled, layout) = try TiledRunner(session: session, tileSize: choice.tileSize).runWithLayout(input)
        #expect(layout.tiles > 1)
        #expect(tiled.shape == whole.shape)
        let worst = zip(tiled.values, whole.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "tiled differs from whole by \(worst)")
    }

    @Test func aModelThatCannotTileRunsWholeAndSaysItDoesNotFit() throws {
        let session = InferenceSession(model: try FixtureCase.named("globalaveragepool").loadModel(), threads: 1)
        let choice = try MemoryBudget(bytes: 64).tiling(for: session, channels: 3, height: 9, width: 10)
        #expect(!choice.isTiled && !choice.fits && choice.tileSize == 10)
    }

    @Test func aBudgetNoTileFitsGivesTheSmallestTileTried() throws {
        let session = InferenceSession(model: try FixtureCase.named("net_denoiser").loadModel(), threads: 1)
        let choice = try MemoryBudget(bytes: 1024).tiling(for: session, channels: 3, height: 300, width: 260)
        #expect(choice.isTiled && !choice.fits && choice.tileSize == MemoryBudget.smallestTile)
    }
}
