import Foundation
import Testing
@testable import Inference

@Suite struct NumPyFileTests {
    @Test func writesWhatItReads() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UInt32.random(in: 0...UInt32.max)).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let tensor = Tensor(shape: [1, 2, 3, 4], values: (0..<24).map { Float($0) / 7 })
        try NumPyFile.write(tensor, to: url)
        let back = try NumPyFile.read(url)
        #expect(back.shape == tensor.shape && back.values == tensor.values)
    }

    @Test func rejectsTruncatedData() throws {
        let fixture = FixtureCase.named("relu")
        let data = try Data(contentsOf: fixture.url(fixture.inputs["x"]!))
        #expect(throws: InferenceError.self) { try NumPyFile.decode(data.dropLast(5), path: "cut.npy") }
    }
}
