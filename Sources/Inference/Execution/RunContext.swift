/// What a kernel needs while running: threads, and memory for its outputs and scratch.
struct RunContext {
    let threads: Int
    let arena: TensorArena
    /// Where this step's outputs and scratch were planned to live; nil while planning (constant folding).
    var planned: PlannedMemory? = nil

    /// A tensor for the step's output number `output`: its planned region of the slab when it has one of
    /// this size, else memory freed by earlier steps where possible.
    func allocate(_ shape: [Int], _ dataType: DataType = .float32, output: Int = 0) -> Tensor {
        let bytes = shape.reduce(1, *) * dataType.byteWidth
        if let storage = planned?.takeOutput(output, bytes: bytes) {
            return Tensor(shape: shape, dataType: dataType, storage: storage)
        }
        return arena.allocate(shape, dataType)
    }

    /// A `float32` scratch tensor of `count` elements, to be given back with ``recycle(_:)`` before the
    /// kernel returns.
    func scratch(_ count: Int) -> Tensor {
        if let storage = planned?.takeScratch(bytes: count * 4) {
            return Tensor(shape: [count], dataType: .float32, storage: storage)
        }
        return arena.allocate([count], .float32)
    }

    /// Gives a kernel's scratch tensor back as soon as the kernel is done with it.
    func recycle(_ tensor: consuming Tensor) {
        arena.recycle(tensor)
    }
}
