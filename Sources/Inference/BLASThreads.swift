import COpenBLAS

/// OpenBLAS's worker threads, which it starts, one per core, as soon as the library is loaded.
public enum BLASThreads {
    /// Stops OpenBLAS's worker threads until it next needs them.
    ///
    /// Each worker OpenBLAS starts at load spins (`sched_yield`) until its thread timeout (2^28 CPU cycles
    /// by default) before it sleeps, competing with the process's own threads: measured on ingest of 1,000
    /// JPEGs on two cores, 70 ms of CPU and 30 ms of wall time. OpenBLAS creates the pool again by itself at
    /// its next threaded call (as it does after a fork), so this is safe to call whatever the process does
    /// next; inference then pays one thread start.
    public static func stopIdleWorkers() {
        _ = blas_thread_shutdown_()
    }
}
