@testable import Restoration
import Testing

/// `TiledInference` returns exactly the output planes its stage asks for, whichever windows run.
@Suite struct TiledInferenceTests {
    static let detector = try! TestImages.models.load(ModelReference("test-detector@1")!)
    static let planes = [[Float]](repeating: [Float](repeating: 0.5, count: 24 * 16), count: 3)

    @Test func everyWindowDeclinedGivesZeroPlanesOfTheAskedCount() throws {
        let tiled = TiledInference(model: Self.detector, context: StageContext(tileSize: 8))
        let output = try tiled.run(channels: 3, outputs: 1, width: 24, height: 16, needed: { _, _ in false }) {
            channel, y, x, count, destination in
            Self.planes[channel].withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + y * 24 + x, count: count) }
        }
        #expect(output.count == 1 && output[0].count == 24 * 16 && output[0].allSatisfy { $0 == 0 })
    }

    @Test func aModelWithOtherOutputChannelsIsRefused() {
        let tiled = TiledInference(model: Self.detector, context: StageContext())
        let error = #expect(throws: RestorationError.self) { try tiled.run(Self.planes, outputs: 3, width: 24, height: 16) }
        guard case .unexpectedOutput(_, let cause) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(cause == "1 output channels; the stage needs 3")
    }
}
