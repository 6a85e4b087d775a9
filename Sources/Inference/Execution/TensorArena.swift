/// Memory for intermediate tensors, reused step after step and tile after tile.
///
/// A tensor's storage comes back here after its last reader has run (``recycle(_:)``); the next
/// allocation of the same byte size takes it instead of asking the system. Tiles of one size then run
/// in the memory of the first tile: peak memory is bounded by the tile, not the image.
final class TensorArena {
    private var free: [Int: [TensorStorage]] = [:]

    func allocate(_ shape: [Int], _ dataType: DataType) -> Tensor {
        let bytes = shape.reduce(1, *) * dataType.byteWidth
        if let storage = free[bytes]?.popLast() {
            return Tensor(shape: shape, dataType: dataType, storage: storage)
        }
        return Tensor(uninitialized: shape, dataType: dataType)
    }

    /// Takes back `tensor`'s storage unless another tensor (a reshaped view) still uses it or it is a
    /// region of a slab (whose layout decides when it is reused).
    func recycle(_ tensor: consuming Tensor) {
        var storage = tensor.storage
        _ = consume tensor
        if storage.slab == nil && isKnownUniquelyReferenced(&storage) {
            free[storage.byteCount, default: []].append(storage)
        }
    }

    /// Frees everything held, e.g. before tiles of another size.
    func removeAll() { free.removeAll() }
}
