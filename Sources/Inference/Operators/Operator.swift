/// A node's kernel after load-time work (attributes checked, weights packed): the run-time half of
/// an operator. Kernels throw errors with ``NodeLocation/pending``; the caller fills in the node.
///
/// Adding an operator = a file with a type conforming to ``OperatorKernel`` + an entry in
/// ``OperatorRegistry/kernels`` + a parity fixture in `Tests/InferenceTests/Fixtures/make_fixtures.py`.
protocol Operator: Sendable {
    /// Shapes and types of the outputs for inputs of these shapes. An output may carry its value when
    /// it follows from shapes alone (`Shape`), which is how shape sub-graphs fold at planning time.
    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo]

    /// Computes the outputs; output tensors come from `context` so their memory is reused.
    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor]

    /// How far around a pixel the operator reads, given its constant inputs (for tiling);
    /// ``SpatialExtent/global`` unless the kernel says otherwise.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent

    /// Whether an output may be an input's memory under another shape (Reshape) rather than memory of
    /// its own; planning then keeps the input's memory alive as long as that output.
    var outputsMayShareInputs: Bool { get }

    /// Bytes of scratch memory a run on inputs of these shapes takes through ``RunContext/scratch(_:)``,
    /// so planning can place it.
    func scratchBytes(_ inputs: [[Int]], threads: Int) throws(InferenceError) -> Int
}

extension Operator {
    var outputsMayShareInputs: Bool { false }
    func scratchBytes(_ inputs: [[Int]], threads: Int) throws(InferenceError) -> Int { 0 }
}

/// The load-time half of an operator family: turns a node into an ``Operator``.
protocol OperatorKernel: Sendable {
    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator
}
