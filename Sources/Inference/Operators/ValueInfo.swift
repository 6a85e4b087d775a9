/// What planning knows about a value: shape, element type, and the value itself when it is a constant.
struct ValueInfo: Sendable {
    var shape: [Int]
    var dataType: DataType
    var constant: Tensor?
    /// False for an omitted optional input.
    var isPresent = true

    init(shape: [Int], dataType: DataType = .float32, constant: Tensor? = nil) {
        self.shape = shape
        self.dataType = dataType
        self.constant = constant
    }

    init(constant: Tensor) {
        self.init(shape: constant.shape, dataType: constant.dataType, constant: constant)
    }

    /// An omitted optional input.
    static let absent: ValueInfo = {
        var info = ValueInfo(shape: [])
        info.isPresent = false
        return info
    }()

    /// Run-time inputs seen as constants, so kernels can share their shape logic between planning and running.
    static func of(_ tensors: [Tensor?]) -> [ValueInfo] {
        tensors.map { $0.map(ValueInfo.init(constant:)) ?? .absent }
    }

    /// The integer values of input `index`, nil when it is omitted; throws when it is not a constant.
    static func integers(_ inputs: [ValueInfo], _ index: Int, name: String) throws(InferenceError) -> [Int]? {
        guard index < inputs.count, inputs[index].isPresent else { return nil }
        guard let value = inputs[index].constant else { throw .missingInitializer(.pending, input: name) }
        return value.integers
    }

    /// The float values of input `index`, nil when it is omitted or empty; throws when it is not a constant.
    static func floats(_ inputs: [ValueInfo], _ index: Int, name: String) throws(InferenceError) -> [Float]? {
        guard index < inputs.count, inputs[index].isPresent else { return nil }
        guard let value = inputs[index].constant else { throw .missingInitializer(.pending, input: name) }
        return value.count == 0 ? nil : value.values
    }
}
