import Foundation
import ONNXProto

/// Turns ONNX TensorProtos (initializers, Constant values) into tensors: floating types become
/// `float32`, integer and boolean types `int64`.
enum TensorDecoding {
    private enum Code: Int32 {
        case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, bool = 9, float16 = 10,
             double = 11, uint32 = 12, uint64 = 13
    }

    /// `reason` for errors is completed by the caller with the file and tensor name.
    static func decode(_ proto: Onnx_TensorProto) throws(InferenceError) -> Tensor {
        let shape = proto.dims.map { Int($0) }
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw failure(proto, "has negative dimensions \(shape)") }
        guard proto.dataLocation != .external else {
            throw failure(proto, "stores its data in an external file, which is not supported")
        }
        guard let code = Code(rawValue: proto.dataType) else {
            throw failure(proto, "has element type \(proto.dataType), which is not supported")
        }
        let raw = proto.hasRawData ? proto.rawData : nil
        switch code {
        case .float, .double, .float16:
            let values: [Float]
            if let raw {
                values = try floats(raw, code, count, proto)
            } else {
                values = switch code {
                case .float: proto.floatData
                case .double: proto.doubleData.map { Float($0) }
                default: proto.int32Data.map { Float(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
                }
            }
            guard values.count == count else { throw failure(proto, "holds \(values.count) values for shape \(shape)") }
            return Tensor(shape: shape, values: values)
        default:
            let values: [Int64]
            if let raw {
                values = try integers(raw, code, count, proto)
            } else {
                values = switch code {
                case .int64: proto.int64Data
                case .uint32, .uint64: proto.uint64Data.map { Int64(truncatingIfNeeded: $0) }
                default: proto.int32Data.map { Int64($0) }
                }
            }
            guard values.count == count else { throw failure(proto, "holds \(values.count) values for shape \(shape)") }
            return Tensor(shape: shape, int64Values: values)
        }
    }

    private static func floats(_ raw: Data, _ code: Code, _ count: Int, _ proto: Onnx_TensorProto) throws(InferenceError) -> [Float] {
        let width = code == .float ? 4 : code == .double ? 8 : 2
        guard raw.count == count * width else { throw failure(proto, "has \(raw.count) bytes of data for \(count) values") }
        return raw.withUnsafeBytes { bytes in
            (0..<count).map { index in
                switch code {
                case .float: Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                case .double: Float(Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))))
                default: Float(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
                }
            }
        }
    }

    private static func integers(_ raw: Data, _ code: Code, _ count: Int, _ proto: Onnx_TensorProto) throws(InferenceError) -> [Int64] {
        let width = switch code {
        case .int64, .uint64: 8
        case .int32, .uint32: 4
        case .int16, .uint16: 2
        default: 1
        }
        guard raw.count == count * width else { throw failure(proto, "has \(raw.count) bytes of data for \(count) values") }
        return raw.withUnsafeBytes { bytes in
            (0..<count).map { index in
                let offset = index * width
                return switch code {
                case .int64, .uint64: Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                case .int32: Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                case .uint32: Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                case .int16: Int64(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                case .uint16: Int64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                case .int8: Int64(bytes.load(fromByteOffset: offset, as: Int8.self))
                default: Int64(bytes.load(fromByteOffset: offset, as: UInt8.self))
                }
            }
        }
    }

    private static func failure(_ proto: Onnx_TensorProto, _ reason: String) -> InferenceError {
        .corruptModel(file: "", reason: "tensor '\(proto.name)' \(reason)")
    }
}
