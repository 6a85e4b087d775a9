/// Everything that can go wrong loading or running a model. Each case names the file, and where a
/// node is at fault, the node (``NodeLocation``).
public enum InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadableFile(file: String, reason: String)
    /// The bytes are not a whole ONNX model: truncated, corrupted, or not protobuf.
    case corruptModel(file: String, reason: String)
    /// The model imports an operator set this core does not implement (ai.onnx 13–21 are supported).
    case unsupportedOpset(file: String, domain: String, version: Int)
    /// An operator outside the contract in docs/INFERENCE.md.
    case unsupportedOperator(NodeLocation)
    /// An attribute, or attribute value, the operator's kernel does not implement.
    case unsupportedAttribute(NodeLocation, attribute: String, reason: String)
    /// A node input that must be a constant (weights, shapes) is neither an initializer nor foldable.
    case missingInitializer(NodeLocation, input: String)
    /// A node whose inputs do not fit it: wrong ranks, mismatched shapes, bad attribute values.
    case invalidNode(NodeLocation, reason: String)
    /// The tensor given for a model input has the wrong rank, channel count or element type.
    case wrongInput(file: String, input: String, reason: String)
    /// A tensor file (.npy) that cannot be read or written.
    case invalidTensorFile(path: String, reason: String)
    /// Memory for a tensor or scratch buffer could not be allocated.
    case allocationFailed(bytes: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason): "\(file): cannot read model: \(reason)"
        case .corruptModel(let file, let reason): "\(file): not a valid ONNX model (truncated or corrupted?): \(reason)"
        case .unsupportedOpset(let file, let domain, let version):
            "\(file): operator set \(domain.isEmpty ? "ai.onnx" : domain) version \(version) is not supported "
                + "(supported: ai.onnx 13–21)"
        case .unsupportedOperator(let at): "\(at): operator \(at.opType) is not supported (see docs/INFERENCE.md)"
        case .unsupportedAttribute(let at, let attribute, let reason):
            "\(at): attribute '\(attribute)' is not supported: \(reason)"
        case .missingInitializer(let at, let input):
            "\(at): input '\(input)' must be a constant (initializer), but it is computed at run time or missing"
        case .invalidNode(let at, let reason): "\(at): \(reason)"
        case .wrongInput(let file, let input, let reason): "\(file): input '\(input)': \(reason)"
        case .invalidTensorFile(let path, let reason): "\(path): \(reason)"
        case .allocationFailed(let bytes): "cannot allocate \(bytes) bytes"
        }
    }

    /// This error with `location` filled in, when it was thrown by kernel code that does not know its node.
    func located(at location: NodeLocation) -> InferenceError {
        switch self {
        case .unsupportedOperator(let at) where at.isPending: .unsupportedOperator(location)
        case .unsupportedAttribute(let at, let attribute, let reason) where at.isPending:
            .unsupportedAttribute(location, attribute: attribute, reason: reason)
        case .missingInitializer(let at, let input) where at.isPending: .missingInitializer(location, input: input)
        case .invalidNode(let at, let reason) where at.isPending: .invalidNode(location, reason: reason)
        default: self
        }
    }
}
