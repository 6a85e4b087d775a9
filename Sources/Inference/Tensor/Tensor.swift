/// An N-dimensional array in row-major order (NCHW for images): `float32` activations, or `int64`
/// shape values.
///
/// ```swift
/// let image = Tensor(shape: [1, 3, 2, 2], values: [Float](repeating: 0.5, count: 12))
/// let output = try session.run(image)
/// print(output.shape, output.values.max()!)
/// ```
public struct Tensor: Sendable {
    public let shape: [Int]
    public let dataType: DataType
    let storage: TensorStorage

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// A `float32` tensor holding `values` (count must equal the product of `shape`).
    public init(shape: [Int], values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        self.init(uninitialized: shape, dataType: .float32)
        values.withUnsafeBufferPointer { floats.update(from: $0.baseAddress!, count: values.count) }
    }

    /// Reads a `float32` tensor's elements in place, without the copy ``values`` makes.
    public func withUnsafeFloats<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        precondition(dataType == .float32, "withUnsafeFloats reads float32 tensors")
        return try body(UnsafeBufferPointer(start: floats, count: count))
    }

    /// An `int64` tensor holding `values`.
    public init(shape: [Int], int64Values values: [Int64]) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        self.init(uninitialized: shape, dataType: .int64)
        values.withUnsafeBufferPointer { int64s.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A tensor whose elements the caller writes next.
    init(uninitialized shape: [Int], dataType: DataType) {
        self.shape = shape
        self.dataType = dataType
        storage = TensorStorage(byteCount: shape.reduce(1, *) * dataType.byteWidth)
    }

    init(shape: [Int], dataType: DataType, storage: TensorStorage) {
        self.shape = shape
        self.dataType = dataType
        self.storage = storage
    }

    /// The same elements under another shape of equal count (no copy).
    func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, dataType: dataType, storage: storage)
    }

    /// The elements of a `float32` tensor (an `int64` tensor's values converted).
    public var values: [Float] {
        switch dataType {
        case .float32: Array(UnsafeBufferPointer(start: floats, count: count))
        case .int64: UnsafeBufferPointer(start: int64s, count: count).map { Float($0) }
        }
    }

    /// The elements of an `int64` tensor (a `float32` tensor's values truncated).
    public var int64Values: [Int64] {
        switch dataType {
        case .float32: UnsafeBufferPointer(start: floats, count: count).map { Int64($0) }
        case .int64: Array(UnsafeBufferPointer(start: int64s, count: count))
        }
    }

    var floats: UnsafeMutablePointer<Float> { storage.pointer.assumingMemoryBound(to: Float.self) }
    var int64s: UnsafeMutablePointer<Int64> { storage.pointer.assumingMemoryBound(to: Int64.self) }

    /// Integer values as `Int`, for shape and axis inputs.
    var integers: [Int] { int64Values.map { Int(clamping: $0) } }
}
