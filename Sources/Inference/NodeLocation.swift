/// Where in which model a node-level error happened: "unet.onnx: node 'conv3' (Conv)".
public struct NodeLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var node: String
    public var opType: String

    public init(file: String, node: String, opType: String) {
        self.file = file
        self.node = node
        self.opType = opType
    }

    /// Kernels throw with this placeholder; the loader and planner, which know the node, replace it
    /// (``InferenceError/located(at:)``), so kernels need not carry their node around.
    static let pending = NodeLocation(file: "", node: "", opType: "")

    var isPending: Bool { self == .pending }

    public var description: String { "\(file): node '\(node)' (\(opType))" }
}
