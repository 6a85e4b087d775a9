import Foundation

/// Runs a ``Model`` on whole inputs. Keeps an execution plan per input size and an arena of tensor
/// memory, so repeated runs (tiles of one size) neither re-plan nor re-allocate. One session per
/// thread; a session uses `threads` threads inside each convolution.
///
/// ```swift
/// let session = InferenceSession(model: model)          // all cores
/// let outputs = try session.run(["input": tensor])      // name -> tensor
/// ```
public final class InferenceSession {
    public let model: Model
    public let threads: Int
    /// When true, each run records the time spent per operator type in ``operatorTimes``.
    public var measuresOperators = false
    /// Time per ONNX operator type, summed over runs since measuring began (see ``measuresOperators``).
    public private(set) var operatorTimes: [String: Duration] = [:]
    private var plans: [[String: [Int]]: ExecutionPlan] = [:]
    private var lastShapes: [String: [Int]] = [:]
    private let arena = TensorArena()
    /// The memory the current plan's tensors live in (``MemoryLayout``).
    private var slab: TensorStorage?

    /// `threads` defaults to every core the process may use.
    public init(model: Model, threads: Int? = nil) {
        self.model = model
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs a model with one input and one output.
    public func run(_ input: Tensor) throws(InferenceError) -> Tensor {
        guard model.inputs.count == 1, model.outputNames.count == 1 else {
            throw .wrongInput(file: model.file, input: model.inputs.map(\.name).joined(separator: ", "),
                              reason: "the model has \(model.inputs.count) inputs and \(model.outputNames.count) outputs; name them")
        }
        return try run([model.inputs[0].name: input])[model.outputNames[0]]!
    }

    /// Runs the model on named inputs; returns every graph output by name.
    public func run(_ inputs: [String: Tensor]) throws(InferenceError) -> [String: Tensor] {
        let plan = try self.plan(for: inputs)
        let shapes = inputs.mapValues(\.shape)
        if shapes != lastShapes {
            // Memory kept for another size would mostly not fit this one; give it back.
            arena.removeAll()
            slab = nil
            lastShapes = shapes
        }
        if plan.memory.slabBytes > (slab?.byteCount ?? 0) { slab = TensorStorage(byteCount: plan.memory.slabBytes) }
        var values = [Tensor?](repeating: nil, count: plan.valueCount)
        for (slot, value) in plan.constants { values[slot] = value }
        for (name, slot) in plan.inputSlots { values[slot] = inputs[name] }
        let clock = ContinuousClock()
        for (position, step) in plan.steps.enumerated() {
            let outputs: [Tensor]
            let start = measuresOperators ? clock.now : nil
            var context = RunContext(threads: threads, arena: arena)
            if let slab {
                context.planned = PlannedMemory(slab: slab, outputs: plan.memory.outputs[position],
                                                scratch: plan.memory.scratch[position])
            }
            do {
                outputs = try step.op.run(step.inputs.map { $0.flatMap { values[$0] } }, context)
            } catch {
                throw error.located(at: step.location)
            }
            for (index, output) in outputs.enumerated() where output.storage.slab != nil && !step.op.outputsMayShareInputs {
                // The layout reuses a region as soon as its planned tenant is done; a tensor there that the
                // plan did not put there would be overwritten while still in use.
                precondition(output.storage.pointer == slab!.pointer + plan.memory.outputs[position][index]!.offset,
                             "\(step.location.opType) returned slab memory it was not planned to own")
            }
            if let start { operatorTimes[step.location.opType, default: .zero] += clock.now - start }
            for (slot, value) in zip(step.outputs, outputs) { values[slot] = value }
            for slot in step.releases {
                if let value = values[slot] {
                    values[slot] = nil
                    arena.recycle(value)
                }
            }
        }
        return plan.outputSlots.compactMapValues { values[$0] }
    }

    /// Output shapes for inputs of these shapes, without running.
    public func outputShapes(for inputShapes: [String: [Int]]) throws(InferenceError) -> [String: [Int]] {
        let plan = try self.plan(for: inputShapes)
        return plan.outputSlots.compactMapValues { plan.shapes[$0] }
    }

    /// Frees memory kept for reuse (tensors of finished runs).
    public func releaseMemory() { arena.removeAll() }

    /// A `float32` input of `shape` whose elements `fill` writes, in memory a finished run gave back
    /// where there is some (see ``recycle(_:)``): tile after tile, neither input nor output memory is
    /// allocated anew, and new memory is costly (the kernel zeroes each page on first touch).
    public func makeInput(shape: [Int], fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let tensor = arena.allocate(shape, .float32)
        fill(UnsafeMutableBufferPointer(start: tensor.floats, count: tensor.count))
        return tensor
    }

    /// Takes back the memory of a tensor the caller is done with (an input, or an output once read) for
    /// the next run, unless another tensor still shares it.
    public func recycle(_ tensor: consuming Tensor) { arena.recycle(tensor) }

    /// The plan for inputs of these shapes (made once per size), after checking them against the
    /// model's declared inputs.
    func plan(for shapes: [String: [Int]]) throws(InferenceError) -> ExecutionPlan {
        if let plan = plans[shapes] { return plan }
        for declared in model.inputs {
            guard let shape = shapes[declared.name] else {
                throw .wrongInput(file: model.file, input: declared.name, reason: "no tensor given")
            }
            try check(shape, against: declared)
        }
        let plan = try ExecutionPlan(model: model, inputShapes: shapes, threads: threads)
        plans[shapes] = plan
        return plan
    }

    private func plan(for inputs: [String: Tensor]) throws(InferenceError) -> ExecutionPlan {
        for declared in model.inputs where inputs[declared.name].map({ $0.dataType != .float32 }) ?? false {
            throw .wrongInput(file: model.file, input: declared.name, reason: "expected float32 elements")
        }
        return try plan(for: inputs.mapValues(\.shape))
    }

    private func check(_ shape: [Int], against declared: ModelInput) throws(InferenceError) {
        guard declared.dimensions.isEmpty || shape.count == declared.dimensions.count else {
            throw .wrongInput(file: model.file, input: declared.name,
                              reason: "expected rank \(declared.dimensions.count) (\(Self.describe(declared.dimensions))), got shape \(shape)")
        }
        for (axis, (expected, actual)) in zip(declared.dimensions, shape).enumerated() {
            if let expected, expected != actual {
                let what = axis == 1 && shape.count == 4 ? "channels" : "dimension \(axis)"
                throw .wrongInput(file: model.file, input: declared.name,
                                  reason: "expected \(expected) \(what) (\(Self.describe(declared.dimensions))), got shape \(shape)")
            }
        }
    }

    private static func describe(_ dimensions: [Int?]) -> String {
        dimensions.map { $0.map(String.init) ?? "?" }.joined(separator: "x")
    }
}
