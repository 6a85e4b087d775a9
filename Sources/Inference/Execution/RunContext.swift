/// What a kernel needs while running: threads and memory for its outputs.
struct RunContext {
    let threads: Int
    let arena: TensorArena

    /// A tensor for an output, from memory freed by earlier steps where possible.
    func allocate(_ shape: [Int], _ dataType: DataType = .float32) -> Tensor {
        arena.allocate(shape, dataType)
    }

    /// Gives a kernel's scratch tensor back to the arena as soon as the kernel is done with it.
    func recycle(_ tensor: consuming Tensor) {
        arena.recycle(tensor)
    }
}
