/// Index-mapped copies for kernels that move elements without arithmetic (Transpose, Slice, Gather,
/// Pad), generic so one implementation serves `float32` and `int64` tensors.
enum ElementCopy {
    /// Copies `count` elements, element `i` of `destination` from `source[offsets(i)]`, visiting the
    /// destination in row-major order of `shape` with `sourceStrides` per axis from `sourceBase`.
    /// Rows along the last axis are copied with a stride, so no per-element index arithmetic remains.
    static func strided<T>(_ source: UnsafePointer<T>, base sourceBase: Int, strides sourceStrides: [Int],
                           to destination: UnsafeMutablePointer<T>, shape: [Int]) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        let rank = shape.count
        guard rank > 0 else {
            destination[0] = source[sourceBase]
            return
        }
        let rowLength = shape[rank - 1], rowStride = sourceStrides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offset = sourceBase
        var written = 0
        while written < count {
            let row = destination + written
            if rowStride == 1 {
                row.update(from: source + offset, count: rowLength)
            } else {
                for column in 0..<rowLength { row[column] = source[offset + column * rowStride] }
            }
            written += rowLength
            // Advance the index over the outer axes (odometer).
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offset += sourceStrides[axis]
                if index[axis] < shape[axis] { break }
                offset -= sourceStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// ``strided(_:base:strides:to:shape:)`` for a tensor of either element type.
    static func strided(_ source: Tensor, base: Int, strides: [Int], to destination: Tensor) {
        switch source.dataType {
        case .float32: strided(source.floats, base: base, strides: strides, to: destination.floats, shape: destination.shape)
        case .int64: strided(source.int64s, base: base, strides: strides, to: destination.int64s, shape: destination.shape)
        }
    }
}
