/// Counts failed sign-ins per user name and refuses further attempts for that name once `limit` failures
/// fall within `window`, so that a password cannot be guessed by trying many (a correct password is refused
/// too while the name is throttled: otherwise the refusal would tell the guesser when it is right).
actor SignInThrottle {
    private let limit: Int
    private let window: Duration
    private let clock = ContinuousClock()
    private var failures: [String: [ContinuousClock.Instant]] = [:]

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// How long `name` must wait before the next attempt; `nil` when it may try now.
    func wait(for name: String) -> Duration? {
        let recent = prune(name)
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return oldest + window - clock.now
    }

    func recordFailure(_ name: String) {
        failures[name] = prune(name) + [clock.now]
    }

    func recordSuccess(_ name: String) {
        failures[name] = nil
    }

    private func prune(_ name: String) -> [ContinuousClock.Instant] {
        let now = clock.now
        let recent = (failures[name] ?? []).filter { now - $0 < window }
        failures[name] = recent.isEmpty ? nil : recent
        return recent
    }
}
