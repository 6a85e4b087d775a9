import Foundation

/// Tensors in NumPy's `.npy` format (version 1–3, little-endian `float32`, `float64`, `int64` or `int32`,
/// C order), the exchange format of `conservator infer` and of the parity fixtures.
public enum NumPyFile {
    /// Reads a tensor; `float64` becomes `float32`, `int32` becomes `int64`.
    public static func read(_ url: URL) throws(InferenceError) -> Tensor {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .invalidTensorFile(path: url.path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
        return try decode(data, path: url.path)
    }

    /// Decodes the bytes of an `.npy` file; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws(InferenceError) -> Tensor {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0..<6] == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] else {
            throw .invalidTensorFile(path: path, reason: "not a NumPy .npy file")
        }
        let wide = bytes[6] >= 2
        let headerLength = wide && bytes.count >= 12
            ? Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            : Int(bytes[8]) | Int(bytes[9]) << 8
        let start = (wide ? 12 : 10) + headerLength
        guard data.count >= start else { throw .invalidTensorFile(path: path, reason: "truncated header") }
        let header = String(decoding: data[data.startIndex + (wide ? 12 : 10)..<data.startIndex + start], as: UTF8.self)
        guard let descr = field("descr", header), let shapeText = field("shape", header) else {
            throw .invalidTensorFile(path: path, reason: "header without descr or shape: \(header)")
        }
        guard !header.contains("'fortran_order': True") else {
            throw .invalidTensorFile(path: path, reason: "Fortran-ordered arrays are not supported")
        }
        let shape = shapeText.split(whereSeparator: { "(), ".contains($0) }).compactMap { Int($0) }
        let count = shape.reduce(1, *)
        let width: Int
        switch descr {
        case "<f4", "<i4": width = 4
        case "<f8", "<i8": width = 8
        default: throw .invalidTensorFile(path: path, reason: "element type \(descr) is not supported (float32, float64, int64, int32)")
        }
        guard data.count >= start + count * width else {
            throw .invalidTensorFile(path: path, reason: "truncated: \(data.count - start) bytes of data for shape \(shape)")
        }
        return data.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[start...])
            switch descr {
            case "<f4":
                let tensor = Tensor(uninitialized: shape, dataType: .float32)
                UnsafeMutableRawPointer(tensor.floats).copyMemory(from: body.baseAddress!, byteCount: count * 4)
                return tensor
            case "<f8":
                return Tensor(shape: shape, values: (0..<count).map { Float(body.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self)) })
            case "<i8":
                return Tensor(shape: shape, int64Values: (0..<count).map { body.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) })
            default:
                return Tensor(shape: shape, int64Values: (0..<count).map { Int64(body.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) })
            }
        }
    }

    /// Writes a `float32` (or `int64`) tensor as a version 1.0 `.npy` file.
    public static func write(_ tensor: Tensor, to url: URL) throws(InferenceError) {
        let descr = tensor.dataType == .float32 ? "<f4" : "<i8"
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(\(tensor.shape.map(String.init).joined(separator: ", ")))"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // Magic, version and length take 10 bytes; the header ends in a newline at a multiple of 64.
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(Data(bytes: tensor.storage.pointer, count: tensor.count * tensor.dataType.byteWidth))
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw .invalidTensorFile(path: url.path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
    }

    /// The text of `'key': value` in a header dictionary, up to the next top-level comma.
    private static func field(_ key: String, _ header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var value = ""
        for character in header[range.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if (character == "," && depth == 0) || character == "}" { break }
            value.append(character)
        }
        return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
    }
}
