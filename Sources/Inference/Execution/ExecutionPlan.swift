/// A model specialised to one set of input shapes: shapes inferred for every value, shape sub-graphs
/// (Shape → Gather → Unsqueeze → Concat → Reshape, Cast, ...) folded into constants, and for each run-time
/// step the values whose last reader it is, and where in one slab each step's outputs and scratch live
/// (``MemoryLayout``, for runs on `threads` threads).
struct ExecutionPlan {
    struct Step {
        var op: any Operator
        var inputs: [Int?]          // value slots; nil for an omitted optional input
        var outputs: [Int]
        var releases: [Int]         // slots read for the last time by this step
        var location: NodeLocation
    }

    var steps: [Step] = []
    var valueCount = 0
    var constants: [Int: Tensor] = [:]
    var inputSlots: [String: Int] = [:]
    var outputSlots: [String: Int] = [:]
    var shapes: [Int: [Int]] = [:]
    var dataTypes: [Int: DataType] = [:]
    private(set) var memory = MemoryLayout()

    init(model: Model, inputShapes: [String: [Int]], threads: Int = 1) throws(InferenceError) {
        var slots: [String: Int] = [:]
        var infos: [Int: ValueInfo] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slots[name] { return existing }
            slots[name] = valueCount
            valueCount += 1
            return valueCount - 1
        }
        for (name, value) in model.constants {
            let index = slot(name)
            constants[index] = value
            infos[index] = ValueInfo(constant: value)
        }
        for input in model.inputs {
            let index = slot(input.name)
            inputSlots[input.name] = index
            infos[index] = ValueInfo(shape: inputShapes[input.name] ?? [])
        }
        let arena = TensorArena()
        for node in model.nodes {
            let inputs = node.inputs.map { $0.isEmpty ? nil : slots[$0] }
            let known = inputs.map { $0.flatMap { infos[$0] } ?? .absent }
            let outputs = node.outputs.map(slot)
            do {
                var inferred = try node.op.inferOutputs(known)
                let constantInputs = zip(inputs, known).allSatisfy { $0.0 == nil || $0.1.constant != nil }
                if constantInputs && inferred.contains(where: { $0.constant == nil }) {
                    let values = try node.op.run(known.map(\.constant), RunContext(threads: 1, arena: arena))
                    inferred = values.map { ValueInfo(constant: $0) }
                }
                for (index, info) in zip(outputs, inferred) {
                    infos[index] = info
                    if let value = info.constant { constants[index] = value }
                }
                if inferred.contains(where: { $0.constant == nil }) {
                    steps.append(Step(op: node.op, inputs: inputs, outputs: outputs, releases: [], location: node.location))
                }
            } catch {
                throw error.located(at: node.location)
            }
        }
        for name in model.outputNames { outputSlots[name] = slots[name] }
        shapes = infos.mapValues(\.shape)
        dataTypes = infos.mapValues(\.dataType)
        planReleases()
        memory = try MemoryLayout(plan: self, threads: threads)
    }

    /// Bytes of tensors a run of this plan holds: the slab and the graph outputs. An upper bound for the
    /// tensors, not for the process: the caller's input, per-thread direct convolution rows and the loaded
    /// weights come on top.
    var arenaBytes: Int { memory.slabBytes + memory.unplannedBytes }

    /// Marks each run-time value's last reader, except graph outputs and constants, which live on.
    private mutating func planReleases() {
        var lastReader: [Int: Int] = [:]
        for (position, step) in steps.enumerated() {
            for case let slot? in step.inputs where constants[slot] == nil { lastReader[slot] = position }
            // A value nobody reads is released by its producer.
            for slot in step.outputs where lastReader[slot] == nil { lastReader[slot] = position }
        }
        let kept = Set(outputSlots.values)
        for (slot, position) in lastReader where !kept.contains(slot) && !inputSlots.values.contains(slot) {
            steps[position].releases.append(slot)
        }
    }
}
