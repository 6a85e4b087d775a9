/// A model specialised to one set of input shapes: shapes inferred for every value, shape sub-graphs
/// (Shape → Gather → Unsqueeze → Concat → Reshape, Cast, ...) folded into constants, and for each run-time
/// step the values whose last reader it is, so their memory returns to the arena right away.
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

    init(model: Model, inputShapes: [String: [Int]]) throws(InferenceError) {
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
        planReleases()
    }

    /// Bytes the session's arena holds after a run of this plan: the arena's own bookkeeping replayed on
    /// the planned shapes (a freed tensor is reused only by one of the same byte size, and the arena keeps
    /// what it once allocated), counting every step output as fresh memory, views included, and each
    /// convolution's workspace on `threads` threads (bf16 pair planes, Winograd's scratch). An upper bound
    /// for the tensors, not for the process: the caller's input, per-thread direct convolution rows and the
    /// loaded weights come on top.
    func arenaBytes(threads: Int) throws(InferenceError) -> Int {
        var free: [Int: Int] = [:]
        var held = 0
        func allocate(_ bytes: Int) {
            if let count = free[bytes], count > 0 { free[bytes] = count - 1 } else { held += bytes }
        }
        func recycle(_ bytes: Int) { free[bytes, default: 0] += 1 }
        func bytes(_ slot: Int) -> Int { (shapes[slot] ?? []).reduce(1, *) * 4 }
        for step in steps {
            for slot in step.outputs { allocate(bytes(slot)) }
            if let conv = step.op as? Conv, let input = step.inputs.first ?? nil, let shape = shapes[input] {
                let workspace = try conv.workspaceBytes(for: shape, threads: threads)
                if workspace > 0 {
                    allocate(workspace)
                    recycle(workspace)
                }
            }
            for slot in step.releases { recycle(bytes(slot)) }
        }
        return held
    }

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
