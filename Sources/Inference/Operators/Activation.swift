import CKernels
import Foundation

/// Element-wise activations: Relu, LeakyRelu, Sigmoid, Tanh, Clip, HardSigmoid, Elu.
/// (PRelu takes a broadcast slope tensor and lives with the binary operators.)
struct Activation: Operator, OperatorKernel {
    enum Function: Sendable {
        case relu
        case leakyRelu(alpha: Float)
        case sigmoid
        case tanh
        case clip(low: Float, high: Float)
        case hardSigmoid(alpha: Float, beta: Float)
        case elu(alpha: Float)
    }

    let function: Function

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        switch node.opType {
        case "Relu", "Sigmoid", "Tanh":
            try attributes.require(only: [])
            return Activation(function: node.opType == "Relu" ? .relu : node.opType == "Sigmoid" ? .sigmoid : .tanh)
        case "LeakyRelu":
            try attributes.require(only: ["alpha"])
            return Activation(function: .leakyRelu(alpha: try attributes.float("alpha", default: 0.01)))
        case "HardSigmoid":
            try attributes.require(only: ["alpha", "beta"])
            return Activation(function: .hardSigmoid(alpha: try attributes.float("alpha", default: 0.2),
                                                     beta: try attributes.float("beta", default: 0.5)))
        case "Elu":
            try attributes.require(only: ["alpha"])
            return Activation(function: .elu(alpha: try attributes.float("alpha", default: 1)))
        default:  // Clip: bounds are optional inputs since opset 11
            try attributes.require(only: [])
            let low = node.isPresent(1) ? try node.constant(1, name: "min").values[0] : -Float.greatestFiniteMagnitude
            let high = node.isPresent(2) ? try node.constant(2, name: "max").values[0] : Float.greatestFiniteMagnitude
            return Activation(function: .clip(low: low, high: high))
        }
    }

    /// The activation a convolution can apply as it stores, if this is one.
    var fusable: FusedActivation? {
        switch function {
        case .relu: .relu
        case .leakyRelu(let alpha): .leakyRelu(alpha: alpha)
        case .clip(let low, let high): .clip(low: low, high: high)
        default: nil
        }
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .pointwise }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: inputs[0].shape)]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let y = context.allocate(x.shape)
        let chunks = (x.count + Self.chunk - 1) / Self.chunk
        Parallel.forEach(chunks, threads: context.threads) { chunk in
            let start = chunk * Self.chunk
            apply(x.floats + start, y.floats + start, min(Self.chunk, x.count - start))
        }
        return [y]
    }

    /// Elements per work item: large enough that handing them out costs nothing, small enough that both
    /// threads get work on a 64×64 window's channel.
    private static let chunk = 1 << 14

    private func apply(_ source: UnsafeMutablePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
        switch function {
        case .relu: for i in 0..<count { destination[i] = max(source[i], 0) }
        case .leakyRelu(let alpha): for i in 0..<count { destination[i] = source[i] < 0 ? alpha * source[i] : source[i] }
        case .sigmoid: ck_sigmoid(source, destination, count)
        case .tanh: for i in 0..<count { destination[i] = Foundation.tanh(source[i]) }
        case .clip(let low, let high): for i in 0..<count { destination[i] = min(max(source[i], low), high) }
        case .hardSigmoid(let alpha, let beta):
            for i in 0..<count { destination[i] = min(max(alpha * source[i] + beta, 0), 1) }
        case .elu(let alpha): for i in 0..<count { destination[i] = source[i] < 0 ? alpha * (exp(source[i]) - 1) : source[i] }
        }
    }
}
