import ONNXProto

/// Load-time work on a parsed model, in order: check opsets and operators, decode initializers, fold
/// every node whose inputs are all constants, let ``GraphOptimizer`` fold BatchNormalization and fuse
/// activations into convolutions, then load each remaining node's kernel (packing weights).
struct ModelLoader {
    let file: String
    /// The arithmetic the run-time kernels are loaded for (constant folding always computes in fp32).
    let precision: Precision
    let convolutions: Conv.Choice

    struct Result {
        var inputs: [ModelInput]
        var outputs: [String]
        var opset: Int
        var nodes: [LoadedNode]
        var constants: [String: Tensor]
    }

    static let supportedOpsets = 13...21

    func load(_ proto: Onnx_ModelProto) throws(InferenceError) -> Result {
        guard proto.hasGraph, !proto.graph.output.isEmpty else {
            throw .corruptModel(file: file, reason: "the model has no graph or no graph outputs")
        }
        let opset = try checkOpsets(proto)
        let graph = proto.graph
        var constants: [String: Tensor] = [:]
        for initializer in graph.initializer {
            do {
                constants[initializer.name] = try TensorDecoding.decode(initializer)
            } catch {
                guard case .corruptModel(_, let reason) = error else { throw error }
                throw .corruptModel(file: file, reason: reason)
            }
        }
        let inputs = graph.input.filter { constants[$0.name] == nil }.map { value in
            ModelInput(name: value.name, dimensions: value.type.tensorType.shape.dim.map { dimension in
                if case .dimValue(let size) = dimension.value, size > 0 { Int(size) } else { nil }
            })
        }
        var nodes = try graphNodes(graph, defined: Set(inputs.map(\.name)).union(constants.keys))
        let outputs = graph.output.map(\.name)
        let producedOrGiven = Set(nodes.flatMap(\.outputs)).union(inputs.map(\.name)).union(constants.keys)
        if let missing = outputs.first(where: { !producedOrGiven.contains($0) }) {
            throw .corruptModel(file: file, reason: "graph output '\(missing)' is never computed (truncated file?)")
        }
        nodes = try foldConstants(nodes, into: &constants)
        nodes = try GraphOptimizer(file: file).optimize(nodes, constants: &constants, keep: Set(outputs))
        let loaded = try nodes.map { node throws(InferenceError) in
            LoadedNode(op: try kernel(for: node, constants: constants, precision: precision), inputs: node.inputs,
                       outputs: node.outputs, location: node.location(in: file))
        }
        return Result(inputs: inputs, outputs: outputs, opset: opset, nodes: loaded, constants: constants)
    }

    private func checkOpsets(_ proto: Onnx_ModelProto) throws(InferenceError) -> Int {
        var opset: Int?
        for entry in proto.opsetImport where entry.domain.isEmpty || entry.domain == "ai.onnx" {
            guard Self.supportedOpsets.contains(Int(entry.version)) else {
                throw .unsupportedOpset(file: file, domain: entry.domain, version: Int(entry.version))
            }
            opset = Int(entry.version)
        }
        guard let opset else { throw .corruptModel(file: file, reason: "the model imports no ai.onnx operator set") }
        return opset
    }

    /// The nodes in order, each checked against the operator contract and against its inputs having
    /// been defined before it (ONNX graphs are topologically sorted; a gap means a damaged file).
    private func graphNodes(_ graph: Onnx_GraphProto, defined: Set<String>) throws(InferenceError) -> [GraphNode] {
        var defined = defined
        var nodes: [GraphNode] = []
        for (index, proto) in graph.node.enumerated() {
            let node = GraphNode(opType: proto.opType, name: proto.name.isEmpty ? "#\(index)" : proto.name,
                                 inputs: proto.input, outputs: proto.output, attributes: NodeAttributes(proto.attribute))
            guard proto.domain.isEmpty || proto.domain == "ai.onnx", OperatorRegistry.kernels[proto.opType] != nil else {
                throw .unsupportedOperator(node.location(in: file))
            }
            if let missing = node.inputs.first(where: { !$0.isEmpty && !defined.contains($0) }) {
                throw .missingInitializer(node.location(in: file), input: missing)
            }
            defined.formUnion(node.outputs)
            nodes.append(node)
        }
        return nodes
    }

    /// Evaluates nodes whose inputs are all constants and keeps their outputs as constants.
    private func foldConstants(_ nodes: [GraphNode], into constants: inout [String: Tensor]) throws(InferenceError) -> [GraphNode] {
        let arena = TensorArena()
        var remaining: [GraphNode] = []
        for node in nodes {
            guard node.inputs.allSatisfy({ $0.isEmpty || constants[$0] != nil }) else {
                remaining.append(node)
                continue
            }
            let location = node.location(in: file)
            do {
                let op = try kernel(for: node, constants: constants, precision: .fp32)
                let values = node.inputs.map { $0.isEmpty ? nil : constants[$0] }
                let outputs = try op.run(values, RunContext(threads: 1, arena: arena))
                for (name, value) in zip(node.outputs, outputs) where !name.isEmpty { constants[name] = value }
            } catch {
                throw error.located(at: location)
            }
        }
        return remaining
    }

    private func kernel(for node: GraphNode, constants: [String: Tensor], precision: Precision) throws(InferenceError)
        -> any Operator {
        let description = NodeDescription(
            opType: node.opType, attributes: node.attributes,
            constants: node.inputs.map { $0.isEmpty ? nil : constants[$0] },
            present: node.inputs.map { !$0.isEmpty }, fusedActivation: node.fusedActivation, precision: precision,
            convolutions: convolutions)
        do {
            return try OperatorRegistry.kernels[node.opType]!.load(description)
        } catch {
            throw error.located(at: node.location(in: file))
        }
    }
}
