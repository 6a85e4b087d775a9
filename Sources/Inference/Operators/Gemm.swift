import COpenBLAS

/// Gemm (alpha, beta, transA, transB, broadcast C) and MatMul (NumPy semantics: 1-D operands, batch
/// axes broadcast), both on OpenBLAS sgemm.
struct Gemm: Operator, OperatorKernel {
    enum Kind: Sendable { case gemm(alpha: Float, beta: Float, transA: Bool, transB: Bool), matMul }

    let kind: Kind

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        if node.opType == "MatMul" {
            try attributes.require(only: [])
            return Gemm(kind: .matMul)
        }
        try attributes.require(only: ["alpha", "beta", "transA", "transB"])
        return Gemm(kind: .gemm(alpha: try attributes.float("alpha", default: 1), beta: try attributes.float("beta", default: 1),
                                transA: try attributes.int("transA", default: 0) != 0,
                                transB: try attributes.int("transB", default: 0) != 0))
    }

    /// One product: rows, columns, reduction, the batch shape (MatMul) and the output shape.
    private struct Product {
        var m: Int, n: Int, k: Int
        var batch: [Int] = []
        var output: [Int]
    }

    private func product(_ a: [Int], _ b: [Int]) throws(InferenceError) -> Product {
        switch kind {
        case .gemm(_, _, let transA, let transB):
            guard a.count == 2, b.count == 2 else { throw .invalidNode(.pending, reason: "Gemm needs 2-D A and B, got \(a), \(b)") }
            let (m, k) = transA ? (a[1], a[0]) : (a[0], a[1])
            let (k2, n) = transB ? (b[1], b[0]) : (b[0], b[1])
            guard k == k2 else { throw .invalidNode(.pending, reason: "inner dimensions of \(a) and \(b) differ") }
            return Product(m: m, n: n, k: k, output: [m, n])
        case .matMul:
            guard !a.isEmpty, !b.isEmpty else { throw .invalidNode(.pending, reason: "MatMul of a scalar") }
            let a2 = a.count == 1 ? [1] + a : a, b2 = b.count == 1 ? b + [1] : b
            guard a2[a2.count - 1] == b2[b2.count - 2] else {
                throw .invalidNode(.pending, reason: "inner dimensions of \(a) and \(b) differ")
            }
            let batch = try Shape.broadcast([Array(a2.dropLast(2)), Array(b2.dropLast(2))])
            var output = batch
            if a.count > 1 { output.append(a2[a2.count - 2]) }
            if b.count > 1 { output.append(b2[b2.count - 1]) }
            return Product(m: a2[a2.count - 2], n: b2[b2.count - 1], k: a2[a2.count - 1], batch: batch, output: output)
        }
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: try product(inputs[0].shape, inputs[1].shape).output)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let a = inputs[0]!, b = inputs[1]!
        let p = try product(a.shape, b.shape)
        let y = context.allocate(p.output)
        openblas_set_num_threads(Int32(context.threads))
        switch kind {
        case .gemm(let alpha, let beta, let transA, let transB):
            var accumulate: Float = 0
            if inputs.count > 2, let c = inputs[2], beta != 0 {
                let strides = Shape.broadcastStrides(c.shape, to: [p.m, p.n])
                ElementCopy.strided(c.floats, base: 0, strides: strides, to: y.floats, shape: [p.m, p.n])
                accumulate = beta
            }
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        Int32(p.m), Int32(p.n), Int32(p.k), alpha, a.floats, Int32(a.shape[1]), b.floats, Int32(b.shape[1]),
                        accumulate, y.floats, Int32(p.n))
        case .matMul:
            let aShape = Array((a.shape.count == 1 ? [1] + a.shape : a.shape).dropLast(2))
            let bShape = Array((b.shape.count == 1 ? b.shape + [1] : b.shape).dropLast(2))
            let aStrides = Shape.broadcastStrides(aShape, to: p.batch), bStrides = Shape.broadcastStrides(bShape, to: p.batch)
            let batchStrides = Shape.strides(p.batch)
            for item in 0..<p.batch.reduce(1, *) {
                var aIndex = 0, bIndex = 0
                for axis in p.batch.indices {
                    let position = item / batchStrides[axis] % p.batch[axis]
                    aIndex += position * aStrides[axis]
                    bIndex += position * bStrides[axis]
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(p.m), Int32(p.n), Int32(p.k), 1,
                            a.floats + aIndex * p.m * p.k, Int32(p.k), b.floats + bIndex * p.k * p.n, Int32(p.n),
                            0, y.floats + item * p.m * p.n, Int32(p.n))
            }
        }
        return [y]
    }
}
