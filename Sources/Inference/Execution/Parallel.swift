import CKernels

/// Data-parallel loops for kernels written in Swift, on the same thread fan-out as the convolutions.
enum Parallel {
    /// Calls `body(index)` for every index in [0, count) on up to `threads` threads; returns when all
    /// are done. Indices must touch disjoint memory.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        guard threads > 1, count > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var closure = body
            withUnsafeMutablePointer(to: &closure) { pointer in
                ck_parallel_for(Int32(count), Int32(threads), pointer) { context, _, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(index))
                }
            }
        }
    }
}
