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
    let nodes: [LoadedNode]
    let constants: [String: Tensor]

    /// Loads the model at `url`.
    public convenience init(contentsOf url: URL) throws(InferenceError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadableFile(file: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(serialized: data, file: url.lastPathComponent)
    }

    /// Loads a model from its serialized protobuf bytes; `file` names it in errors.
    public init(serialized data: Data, file: String) throws(InferenceError) {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw .corruptModel(file: file, reason: "\(error)")
        }
        let loaded = try ModelLoader(file: file).load(proto)
        self.file = file
        inputs = loaded.inputs
        outputNames = loaded.outputs
        opset = loaded.opset
        nodes = loaded.nodes
        constants = loaded.constants
    }
}
