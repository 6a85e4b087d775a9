/// Memory of one tensor: 64-byte aligned (whole cache lines, aligned vector loads). Either its own
/// allocation, or a region of a session's slab (``MemoryLayout``) that the slab owns.
///
/// `@unchecked Sendable`: a storage is written only by the kernel producing it, before the tensor is
/// handed to anyone else; afterwards it is only read.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int
    /// The slab this storage is a region of; nil when the storage owns its memory.
    let slab: TensorStorage?

    init(byteCount: Int) {
        self.byteCount = byteCount
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 64), alignment: 64)
        slab = nil
    }

    /// `byteCount` bytes at `offset` (a multiple of 64) inside `slab`, which lives at least as long.
    init(region offset: Int, byteCount: Int, of slab: TensorStorage) {
        precondition(offset % 64 == 0 && offset + byteCount <= slab.byteCount, "region outside its slab")
        self.byteCount = byteCount
        pointer = slab.pointer + offset
        self.slab = slab
    }

    deinit { if slab == nil { pointer.deallocate() } }
}
