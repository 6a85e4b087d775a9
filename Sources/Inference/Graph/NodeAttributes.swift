import ONNXProto

/// The attributes of one node, read with the ONNX defaults a kernel supplies. A wrong attribute type
/// is an ``InferenceError/unsupportedAttribute(_:attribute:reason:)``.
struct NodeAttributes: Sendable {
    private var byName: [String: Onnx_AttributeProto]

    init(_ attributes: [Onnx_AttributeProto]) {
        byName = Dictionary(attributes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    var names: Set<String> { Set(byName.keys) }

    func has(_ name: String) -> Bool { byName[name] != nil }

    func int(_ name: String, default value: Int) throws(InferenceError) -> Int {
        guard let attribute = byName[name] else { return value }
        guard attribute.type == .int else { throw wrongType(name, "an integer") }
        return Int(clamping: attribute.i)
    }

    func float(_ name: String, default value: Float) throws(InferenceError) -> Float {
        guard let attribute = byName[name] else { return value }
        guard attribute.type == .float else { throw wrongType(name, "a float") }
        return attribute.f
    }

    func string(_ name: String, default value: String) throws(InferenceError) -> String {
        guard let attribute = byName[name] else { return value }
        guard attribute.type == .string else { throw wrongType(name, "a string") }
        return String(decoding: attribute.s, as: UTF8.self)
    }

    func ints(_ name: String) throws(InferenceError) -> [Int]? {
        guard let attribute = byName[name] else { return nil }
        guard attribute.type == .ints else { throw wrongType(name, "a list of integers") }
        return attribute.ints.map { Int(clamping: $0) }
    }

    func floats(_ name: String) throws(InferenceError) -> [Float]? {
        guard let attribute = byName[name] else { return nil }
        guard attribute.type == .floats else { throw wrongType(name, "a list of floats") }
        return attribute.floats
    }

    func tensor(_ name: String) -> Onnx_TensorProto? {
        guard let attribute = byName[name], attribute.type == .tensor else { return nil }
        return attribute.t
    }

    /// Throws for an attribute the kernel does not implement (it would silently change results).
    func require(only supported: Set<String>) throws(InferenceError) {
        if let extra = names.subtracting(supported).sorted().first {
            throw .unsupportedAttribute(.pending, attribute: extra, reason: "not implemented by this kernel")
        }
    }

    private func wrongType(_ name: String, _ expected: String) -> InferenceError {
        .unsupportedAttribute(.pending, attribute: name, reason: "expected \(expected)")
    }
}
