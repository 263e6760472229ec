/// The timer that keeps per-client state bounded: limiter entries whose arrival time has passed
/// (they decide nothing a fresh entry would not) and reputation entries that decayed back to
/// neutral are dropped; API keys are re-read from the database.
extension BalancerServer {
    func housekeeping() async {
        let now = monotonicNanos()
        limiter.evict(olderThan: now)
        reputation.compact(now: now)
        await refreshKeys()
    }

    /// The operator's reset: neutral in memory and in the database.
    public func resetReputation(client: String) async throws {
        try await store?.deleteScore(client: client)
        reputation.reset(client: client)
    }

    /// How much per-client state is held, for /stats and /metrics.
    public struct TrackedClients: Codable, Sendable, Equatable {
        /// Nil when the limiter keeps its state elsewhere (a shared store).
        public var limiter: Int?
        public var limiterEvictions: Int?
        public var reputation: Int
        public var reputationEvictions: Int
        public var capacity: Int
    }

    public func trackedClients() -> TrackedClients {
        let local = limiter as? LocalRateLimitStore, shared = limiter as? ReconcilingRateLimitStore
        return TrackedClients(limiter: local?.count ?? shared?.count, limiterEvictions: local?.evictions ?? shared?.evictions, reputation: reputation.count,
                              reputationEvictions: reputation.evictions, capacity: config.maxTrackedClients)
    }

    public func limiterBackend() -> LimiterBackendView {
        limiterSync?.view() ?? LimiterBackendView(state: LimiterBackendState.local.label, syncs: 0, failedSyncs: 0)
    }
}
