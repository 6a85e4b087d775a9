import Foundation
import ONNXProto

/// An ONNX model loaded for inference: parsed, constant sub-graphs folded, BatchNormalization folded
/// into convolutions, activations fused, weights packed. Immutable and shareable between threads;
/// run it with an ``InferenceSession`` (whole inputs) or a ``TiledRunner`` (images of any size).
///
/// ```swift
/// let model = try Model(contentsOf: URL(fileURLWithPath: "denoise.onnx"))
/// let session = InferenceSession(model: model, threads: 2)
/// let restored = try session.run(image)   // image: 1x3xHxW float32
/// ```
public final class Model: Sendable {
    /// The file name errors refer to.
    public let file: String
    public let inputs: [ModelInput]
    public let outputNames: [String]
    /// ai.onnx operator set the model imports.
    public let opset: Int
    /// The arithmetic its convolutions run in: what was asked for, or fp32 where this CPU has no bf16 path.
    public let precision: Precision
    let nodes: [LoadedNode]
    let constants: [String: Tensor]

    /// Loads the model at `url`, its convolutions packed for `precision` (``Precision/available``).
    public convenience init(contentsOf url: URL, precision: Precision = .fp32) throws(InferenceError) {
        try self.init(contentsOf: url, precision: precision, convolutions: .fastest)
    }

    /// `convolutions: .directOnly` keeps every convolution on the direct path: for comparisons with Winograd.
    convenience init(contentsOf url: URL, precision: Precision, convolutions: Conv.Choice) throws(InferenceError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadableFile(file: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(serialized: data, file: url.lastPathComponent, precision: precision, convolutions: convolutions)
    }

    /// Loads a model from its serialized protobuf bytes; `file` names it in errors.
    public convenience init(serialized data: Data, file: String, precision: Precision = .fp32) throws(InferenceError) {
        try self.init(serialized: data, file: file, precision: precision, convolutions: .fastest)
    }

    init(serialized data: Data, file: String, precision: Precision, convolutions: Conv.Choice) throws(InferenceError) {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw .corruptModel(file: file, reason: "\(error)")
        }
        let precision = precision.available
        let loaded = try ModelLoader(file: file, precision: precision, convolutions: convolutions).load(proto)
        self.file = file
        inputs = loaded.inputs
        outputNames = loaded.outputs
        opset = loaded.opset
        self.precision = precision
        nodes = loaded.nodes
        constants = loaded.constants
    }
}
