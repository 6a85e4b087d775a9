import Foundation
import Testing
@testable import Inference

/// The element-wise kernels on tensors larger than one work item (so both threads and the chunk edges are
/// exercised): the vectorized sigmoid against the formula in double precision, and the same-shape path of
/// the binary operators against the product of each pair.
@Suite struct ElementwiseTests {
    /// More than three 16 384-element work items, and not a multiple of 16 (the sigmoid's masked tail).
    static let count = 3 * (1 << 14) + 21

    private func run(_ op: any Operator, _ inputs: [Tensor]) throws -> Tensor {
        try op.run(inputs, RunContext(threads: 2, arena: TensorArena()))[0]
    }

    @Test func sigmoidIsWithinRoundingOfTheFormulaEverywhere() throws {
        // -100 ... 100: both saturated tails, and every exponent range in between.
        let x = (0..<Self.count).map { Float(-100 + 200 * Double($0) / Double(Self.count - 1)) }
        let y = try run(Activation(function: .sigmoid), [Tensor(shape: [1, 1, 1, Self.count], values: x)]).values
        let worst = zip(x, y).map { abs(Double($1) - 1 / (1 + Foundation.exp(-Double($0)))) }.max() ?? .infinity
        #expect(worst <= 3e-7, "largest error \(worst)")
        #expect(y.first == 0 || y.first! < 1e-30)
        #expect(y.last == 1)
    }

    @Test func sameShapeMultiplicationIsExactOnEveryChunk() throws {
        let a = (0..<Self.count).map { Float($0 % 251) / 7 }, b = (0..<Self.count).map { Float($0 % 13) - 6 }
        let shape = [1, 3, 1, Self.count / 3]
        let y = try run(Binary(function: .mul), [Tensor(shape: shape, values: a), Tensor(shape: shape, values: b)]).values
        #expect(y == zip(a, b).map { $0 * $1 })
    }
}
