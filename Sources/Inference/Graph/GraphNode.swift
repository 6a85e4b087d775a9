/// One node of the model graph, between parsing and kernel loading. Inputs and outputs are value
/// names; an empty input name is an omitted optional input.
struct GraphNode: Sendable {
    var opType: String
    var name: String
    var inputs: [String]
    var outputs: [String]
    var attributes: NodeAttributes
    /// An activation that followed this node and was folded into it (Conv only); see ``GraphOptimizer``.
    var fusedActivation: FusedActivation?

    func location(in file: String) -> NodeLocation {
        NodeLocation(file: file, node: name, opType: opType)
    }
}
