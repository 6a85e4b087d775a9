/// Element types a tensor can hold. Activations are always `float32`; `int64` carries shapes, axes and
/// indices through the sub-graphs that are folded at load or planning time (every ONNX integer type is
/// held as `int64`).
public enum DataType: Sendable, Equatable {
    case float32
    case int64

    var byteWidth: Int { self == .float32 ? 4 : 8 }
}
