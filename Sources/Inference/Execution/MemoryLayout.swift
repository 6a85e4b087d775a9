/// Where each run-time tensor of a plan lives inside one slab of memory, decided from the plan's shapes
/// and lifetimes before anything runs.
///
/// A buffer lives from the step that produces it through the last step that reads it; buffers whose
/// lifetimes overlap never share bytes, the others do. They are placed largest first, each at the lowest
/// offset free for its lifetime (greedy by size, as TensorFlow Lite's planner). That holds close to the most
/// the tensors need at once (damage-unet on a 1200² window: a 336 MiB slab, where an arena reusing freed
/// memory only for tensors of equal size held 600 MiB; see MemoryLayoutTests). Besides:
/// - a view (``Operator/outputsMayShareInputs``, Reshape) lives in its input's buffer, which then lives as
///   long as the view;
/// - the inputs of a Concat along its outermost non-unit axis are placed inside the Concat's output, so
///   their producers write there and the Concat copies nothing (the U-Net's skip connections);
/// - a kernel's scratch (``Operator/scratchBytes(_:threads:)``) lives for its step only.
/// Graph inputs and outputs stay outside the slab: the caller owns them.
struct MemoryLayout {
    struct Region: Equatable {
        var offset: Int
        var bytes: Int
    }

    /// Per step, the region of each output (nil: allocated on its own) and of its scratch.
    private(set) var outputs: [[Region?]] = []
    private(set) var scratch: [Region?] = []
    /// Bytes of the slab: the end of the highest region.
    private(set) var slabBytes = 0
    /// Bytes of step outputs that are not in the slab (graph outputs), allocated at every run.
    private(set) var unplannedBytes = 0

    private static let alignment = 64

    /// No regions: every tensor gets memory of its own.
    init() {}

    private struct Buffer {
        var bytes: Int
        var first: Int
        var last: Int
        var inSlab: Bool
        var offset = 0
    }

    init(plan: ExecutionPlan, threads: Int) throws(InferenceError) {
        func bytes(_ slot: Int) -> Int {
            (plan.shapes[slot] ?? []).reduce(1, *) * (plan.dataTypes[slot] ?? .float32).byteWidth
        }
        // Each value belongs to a buffer (its own, its input's for a view, a Concat's for a part) at an offset.
        var owner: [Int: (buffer: Int, offset: Int)] = [:]
        var buffers: [Int: Buffer] = [:]  // keyed by the slot that founded the buffer
        var viewed = Set<Int>()           // buffers some view shares
        let outside = Set(plan.inputSlots.values).union(plan.outputSlots.values)
        for slot in plan.inputSlots.values {
            owner[slot] = (slot, 0)
            buffers[slot] = Buffer(bytes: bytes(slot), first: 0, last: 0, inSlab: false)
        }
        for (position, step) in plan.steps.enumerated() {
            if step.op.outputsMayShareInputs, let source = step.inputs.first ?? nil, let base = owner[source] {
                for slot in step.outputs { owner[slot] = base }
                viewed.insert(base.buffer)
                continue
            }
            for slot in step.outputs {
                owner[slot] = (slot, 0)
                buffers[slot] = Buffer(bytes: bytes(slot), first: position, last: position, inSlab: true)
            }
        }
        // Graph inputs and outputs, and whatever shares their memory, belong to the caller.
        for slot in outside { if let entry = owner[slot] { buffers[entry.buffer]?.inSlab = false } }

        // Concat parts into their output, where the parts are plain tensors of their own.
        var merged = Set<Int>()
        for step in plan.steps {
            guard let concat = step.op as? Concat, let output = step.outputs.first, owner[output]?.buffer == output,
                  buffers[output]?.inSlab == true, let shape = plan.shapes[output],
                  let axis = try? Shape.axis(concat.axis, rank: shape.count), shape[..<axis].allSatisfy({ $0 == 1 })
            else { continue }
            let parts = step.inputs.compactMap { $0 }
            guard parts.count == step.inputs.count, Set(parts).count == parts.count else { continue }
            var offset = 0
            for part in parts {
                defer { offset += bytes(part) }
                guard owner[part]?.buffer == part, let buffer = buffers[part], buffer.inSlab, !viewed.contains(part),
                      !merged.contains(part), part != output, offset % Self.alignment == 0 else { continue }
                owner[part] = (output, offset)
                buffers[part] = nil
                buffers[output]!.first = min(buffers[output]!.first, buffer.first)
                merged.insert(part)
            }
            merged.insert(output)
        }
        // Lifetimes end at the last reader of any value in the buffer.
        for (position, step) in plan.steps.enumerated() {
            for slot in step.inputs.compactMap({ $0 }) {
                guard let buffer = owner[slot]?.buffer, buffers[buffer] != nil else { continue }
                buffers[buffer]!.last = max(buffers[buffer]!.last, position)
            }
        }

        var scratchBuffers: [Int: Buffer] = [:]  // keyed by step
        for (position, step) in plan.steps.enumerated() {
            let shapes = step.inputs.map { $0.flatMap { plan.shapes[$0] } ?? [] }
            let needed = try step.op.scratchBytes(shapes, threads: threads)
            if needed > 0 { scratchBuffers[position] = Buffer(bytes: needed, first: position, last: position, inSlab: true) }
        }

        // Greedy by size: each buffer at the lowest aligned offset clear of every placed buffer it meets in time.
        var placed: [Buffer] = []
        func place(_ buffer: inout Buffer) {
            let conflicts = placed.filter { $0.first <= buffer.last && buffer.first <= $0.last }.sorted { $0.offset < $1.offset }
            var offset = 0
            for other in conflicts {
                if offset + buffer.bytes <= other.offset { break }
                offset = max(offset, Self.aligned(other.offset + other.bytes))
            }
            buffer.offset = offset
            placed.append(buffer)
            slabBytes = max(slabBytes, offset + buffer.bytes)
        }
        enum Item: Comparable { case value(Int), scratch(Int) }
        let items = buffers.filter(\.value.inSlab).map { (item: Item.value($0.key), bytes: $0.value.bytes) }
            + scratchBuffers.map { (item: Item.scratch($0.key), bytes: $0.value.bytes) }
        for entry in items.sorted(by: { ($0.bytes, $1.item) > ($1.bytes, $0.item) }) {
            switch entry.item {
            case .value(let slot): place(&buffers[slot]!)
            case .scratch(let step): place(&scratchBuffers[step]!)
            }
        }

        for (position, step) in plan.steps.enumerated() {
            let shares = step.op.outputsMayShareInputs
            outputs.append(step.outputs.map { slot in
                guard !shares, let entry = owner[slot], let buffer = buffers[entry.buffer] else { return nil }
                guard buffer.inSlab else {
                    unplannedBytes += bytes(slot)
                    return nil
                }
                return Region(offset: buffer.offset + entry.offset, bytes: bytes(slot))
            })
            scratch.append(scratchBuffers[position].map { Region(offset: $0.offset, bytes: $0.bytes) })
        }
    }

    private static func aligned(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }
}

/// One step's planned regions of the slab, each handed out once, and only for the size it was planned for
/// (anything else gets memory of its own: a mismatch costs memory, never another tensor's bytes).
final class PlannedMemory {
    private let slab: TensorStorage
    private var outputs: [MemoryLayout.Region?]
    private var scratch: MemoryLayout.Region?

    init(slab: TensorStorage, outputs: [MemoryLayout.Region?], scratch: MemoryLayout.Region?) {
        self.slab = slab
        self.outputs = outputs
        self.scratch = scratch
    }

    func takeOutput(_ index: Int, bytes: Int) -> TensorStorage? {
        guard outputs.indices.contains(index), let region = outputs[index], region.bytes == bytes else { return nil }
        outputs[index] = nil
        return TensorStorage(region: region.offset, byteCount: bytes, of: slab)
    }

    func takeScratch(bytes: Int) -> TensorStorage? {
        guard let region = scratch, bytes <= region.bytes else { return nil }
        scratch = nil
        return TensorStorage(region: region.offset, byteCount: bytes, of: slab)
    }
}
