/// Graph rewrites at load time that remove whole passes over activation memory:
/// - a BatchNormalization (inference mode) right after a Conv becomes new Conv weights and bias:
///   W' = W * s, b' = (b - mean) * s + beta with s = scale / sqrt(var + epsilon), per output channel;
/// - a Relu, LeakyRelu or Clip (constant bounds) right after a Conv is applied as the Conv stores.
/// Only when the Conv's output has no other reader and is not a graph output.
struct GraphOptimizer {
    let file: String

    func optimize(_ nodes: [GraphNode], constants: inout [String: Tensor], keep outputs: Set<String>) throws(InferenceError) -> [GraphNode] {
        var nodes = nodes
        var index = 0
        while index < nodes.count {
            if nodes[index].opType == "Conv", let next = soleReader(of: nodes[index], in: nodes, outputs: outputs) {
                if nodes[next].opType == "BatchNormalization", nodes[index].fusedActivation == nil,
                   try foldBatchNormalization(nodes[next], into: &nodes[index], constants: &constants) {
                    nodes.remove(at: next)
                    continue  // the Conv may now be followed by an activation
                }
                if nodes[index].fusedActivation == nil, let activation = try fusable(nodes[next], constants) {
                    nodes[index].fusedActivation = activation
                    nodes[index].outputs = nodes[next].outputs
                    nodes.remove(at: next)
                }
            }
            index += 1
        }
        return nodes
    }

    /// The index of the only node reading `node`'s single output, if there is exactly one.
    private func soleReader(of node: GraphNode, in nodes: [GraphNode], outputs: Set<String>) -> Int? {
        guard node.outputs.count == 1, !outputs.contains(node.outputs[0]) else { return nil }
        let readers = nodes.indices.filter { nodes[$0].inputs.contains(node.outputs[0]) }
        guard readers.count == 1, nodes[readers[0]].inputs.filter({ $0 == node.outputs[0] }).count == 1,
              nodes[readers[0]].inputs.first == node.outputs[0] else { return nil }
        return readers[0]
    }

    private func fusable(_ node: GraphNode, _ constants: [String: Tensor]) throws(InferenceError) -> FusedActivation? {
        guard ["Relu", "LeakyRelu", "Clip"].contains(node.opType),
              node.inputs.dropFirst().allSatisfy({ $0.isEmpty || constants[$0] != nil }) else { return nil }
        let description = NodeDescription(
            opType: node.opType, attributes: node.attributes, constants: node.inputs.map { constants[$0] },
            present: node.inputs.map { !$0.isEmpty }, fusedActivation: nil)
        do {
            return (try Activation.load(description) as? Activation)?.fusable
        } catch {
            throw error.located(at: node.location(in: file))
        }
    }

    private func foldBatchNormalization(_ norm: GraphNode, into conv: inout GraphNode,
                                        constants: inout [String: Tensor]) throws(InferenceError) -> Bool {
        guard norm.inputs.count == 5, norm.outputs.count == 1,
              try norm.attributes.int("training_mode", default: 0) == 0,
              let weights = constants[conv.inputs[1]], weights.shape.count == 4,
              conv.inputs.count < 3 || conv.inputs[2].isEmpty || constants[conv.inputs[2]] != nil else { return false }
        let parameters = norm.inputs[1...].compactMap { constants[$0] }
        let channels = weights.shape[0]
        guard parameters.count == 4, parameters.allSatisfy({ $0.count == channels }) else { return false }
        let scale = parameters[0].values, beta = parameters[1].values, mean = parameters[2].values
        let variance = parameters[3].values
        let epsilon = try norm.attributes.float("epsilon", default: 1e-5)
        let bias = conv.inputs.count > 2 && !conv.inputs[2].isEmpty
            ? constants[conv.inputs[2]]!.values : [Float](repeating: 0, count: channels)
        let factor = Normalization.factors(scale: scale, variance: variance, epsilon: epsilon)
        let perChannel = weights.count / channels
        var folded = weights.values
        for channel in 0..<channels {
            for offset in 0..<perChannel { folded[channel * perChannel + offset] *= factor[channel] }
        }
        let foldedBias = (0..<channels).map { (bias[$0] - mean[$0]) * factor[$0] + beta[$0] }
        let weightsName = "\(conv.name)/W+\(norm.name)", biasName = "\(conv.name)/B+\(norm.name)"
        constants[weightsName] = Tensor(shape: weights.shape, values: folded)
        constants[biasName] = Tensor(shape: [channels], values: foldedBias)
        conv.inputs = [conv.inputs[0], weightsName, biasName]
        conv.outputs = norm.outputs
        return true
    }
}
