/// Memory of one tensor: 64-byte aligned (whole cache lines, aligned vector loads).
///
/// `@unchecked Sendable`: a storage is written only by the kernel producing it, before the tensor is
/// handed to anyone else; afterwards it is only read.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 64), alignment: 64)
    }

    deinit { pointer.deallocate() }
}
