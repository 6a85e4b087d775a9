import Synchronization

/// Requests to a running daemon from outside its loop: stop (SIGTERM, SIGINT) and reload (SIGHUP).
///
/// The loop polls these between events rather than being interrupted, so a request never lands in the
/// middle of recording a file.
public final class DaemonControl: Sendable {
    private let stop = Atomic<Bool>(false)
    private let reload = Atomic<Bool>(false)

    public init() {}

    /// Asks the daemon to take no new work, let running work finish, and return.
    public func requestStop() { stop.store(true, ordering: .relaxed) }

    /// Asks the daemon to return so that its configuration can be read again.
    public func requestReload() { reload.store(true, ordering: .relaxed) }

    var stopRequested: Bool { stop.load(ordering: .relaxed) }

    /// Whether a reload was asked for since the last call (the request is consumed).
    func takeReloadRequest() -> Bool { reload.exchange(false, ordering: .relaxed) }
}
