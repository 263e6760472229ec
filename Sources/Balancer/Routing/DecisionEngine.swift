/// The per-request decision, composed in one visible place (Linkerd's layering): priority
/// admission → limiter (VIP × reputation × load tightening) → affinity → policy. One engine per
/// event loop; only the limiter and reputation tables are shared (striped locks).
public final class DecisionEngine {
    public enum Verdict: Equatable {
        case route(replica: Int, priority: PriorityClass, setAffinityCookie: Bool)
        case limited(retryAfterNanos: Int64)
        case overloaded
        case noReplica
    }

    public struct Settings: Sendable {
        public var baseLimit: GCRALimit
        public var admission: PriorityAdmission
        public var affinity: SessionAffinity
        public init(baseLimit: GCRALimit = .init(ratePerSecond: 100, burst: 50), admission: PriorityAdmission = .init(), affinity: SessionAffinity = .init()) {
            self.baseLimit = baseLimit
            self.admission = admission
            self.affinity = affinity
        }
    }

    public let limiter: any RateLimitStore
    public let reputation: ReputationBook
    public var settings: Settings
    public var flags = FeatureFlags()
    public var vips: [String: VIPEntry] = [:]
    public private(set) var policy: any RoutingPolicy
    public private(set) var replicas: [ReplicaState] = []
    /// Reused every request so building the candidate list allocates nothing.
    private var eligible: [Int] = []
    public private(set) var totalInflight = 0
    /// This loop's share of the cluster capacity: admission is enforced per loop.
    public var loopShare: Double
    public var retryBudget = RetryBudget()
    public var anomalyTightening = 1.0
    /// Routes the requests a policy answered with an ineligible replica.
    private let fallback = P2CPeakEWMAPolicy()

    public init(limiter: any RateLimitStore, reputation: ReputationBook, policy: any RoutingPolicy, settings: Settings = .init(), loopShare: Double = 1) {
        self.limiter = limiter
        self.reputation = reputation
        self.policy = policy
        self.settings = settings
        self.loopShare = loopShare
        eligible.reserveCapacity(64)
    }

    public func setPolicy(_ policy: any RoutingPolicy) { self.policy = policy }

    /// Replaces the replica set, keeping the learned state of replicas that stay.
    public func setUpstreams(_ upstreams: [Upstream], breaker: CircuitBreaker = .init()) {
        var old: [Upstream: ReplicaState] = [:]
        for r in replicas { old[r.upstream] = r }
        var fresh: [ReplicaState] = []
        for (i, u) in upstreams.enumerated() {
            let r = ReplicaState(upstream: u, index: i, breaker: breaker)
            if let prev = old[u] {
                r.inflight = prev.inflight
                r.ewma = prev.ewma
                r.breaker = prev.breaker
                r.healthy = prev.healthy
                r.errorRate = prev.errorRate
                r.requests = prev.requests
                r.failures = prev.failures
            }
            fresh.append(r)
        }
        replicas = fresh
    }

    @inline(__always)
    public func capacity(eligibleCount: Int) -> Int {
        max(1, Int((Double(settings.admission.capacityPerReplica * eligibleCount) * loopShare).rounded(.up)))
    }

    /// - Parameter affinityKey: cookie value (replica name) or session header value, per `settings.affinity.mode`.
    public func decide(client: String, affinityKey: Substring? = nil, context: RequestContext) -> Verdict {
        let now = context.now
        let vip = vips.isEmpty ? nil : vips[client]
        let priority = vip?.tier ?? .standard

        eligible.removeAll(keepingCapacity: true)
        for r in replicas where r.isEligible(now: now) { eligible.append(r.index) }
        if eligible.isEmpty { return .noReplica }

        let cap = capacity(eligibleCount: eligible.count)
        if !settings.admission.admits(priority, inflight: totalInflight, capacity: cap) { return .overloaded }

        if flags.limiter.isOn(forClient: client) {
            var factor = (vip?.multiplier ?? 1) * anomalyTightening
            if flags.reputation.isOn(forClient: client) {
                factor *= reputation.multiplier(for: client, now: now)
            }
            if priority != .vip {
                factor *= settings.admission.tighteningFactor(inflight: totalInflight, capacity: cap)
            }
            let decision = limiter.check(key: client, now: now, limit: settings.baseLimit.scaled(by: factor))
            if case .limited(let wait) = decision {
                if flags.reputation.isOn(forClient: client) {
                    reputation.record(.rateLimited, client: client, now: now)
                }
                return .limited(retryAfterNanos: wait)
            }
        }

        var chosen = -1
        var setCookie = false
        if settings.affinity.mode != .off, flags.affinity.isOn(forClient: client) {
            if settings.affinity.mode == .cookie {
                if let key = affinityKey, let pinned = SessionAffinity.pinned(cookieValue: key, replicas: replicas, eligible: eligible) {
                    chosen = pinned
                } else {
                    setCookie = true
                }
            } else if let key = affinityKey, !key.isEmpty {
                chosen = SessionAffinity.rendezvous(key: key, replicas: replicas, eligible: eligible)
            }
        }
        if chosen < 0 {
            chosen = checkedChoice(context: context, now: now)
        }
        let r = replicas[chosen]
        if r.breaker.state != .closed, !r.breaker.allowsRequest(now: now) {
            // The half-open probe was taken by someone else between filtering and choosing.
            guard let other = eligible.first(where: { $0 != chosen && replicas[$0].breaker.state == .closed }) else { return .noReplica }
            chosen = other
        }
        retryBudget.deposit()
        return .route(replica: chosen, priority: priority, setAffinityCookie: setCookie)
    }

    /// Picks a different replica for a retry, or nil when none is left.
    public func chooseForRetry(excluding tried: [Int], context: RequestContext) -> Int? {
        let now = context.now
        eligible.removeAll(keepingCapacity: true)
        for r in replicas where r.isEligible(now: now) && !tried.contains(r.index) { eligible.append(r.index) }
        if eligible.isEmpty {
            // Every other replica is out: fall back to any healthy one, even one tried already.
            for r in replicas where r.isEligible(now: now) { eligible.append(r.index) }
            if eligible.isEmpty { return nil }
        }
        let chosen = checkedChoice(context: context, now: now)
        if replicas[chosen].breaker.state != .closed, !replicas[chosen].breaker.allowsRequest(now: now) { return nil }
        return chosen
    }

    @inline(__always)
    private func checkedChoice(context: RequestContext, now: Int64) -> Int {
        let chosen = policy.choose(replicas: replicas, eligible: eligible, context: context)
        if chosen >= 0, chosen < replicas.count, replicas[chosen].isEligible(now: now) { return chosen }
        return fallback.choose(replicas: replicas, eligible: eligible, context: context)
    }

    @inline(__always)
    public func started(replica: Int) -> ReplicaFeatures {
        let r = replicas[replica]
        let f = r.features
        r.inflight += 1
        totalInflight += 1
        return f
    }

    /// Every attempt ends here exactly once: load counters, latency estimate, breaker, policy.
    public func finished(replica: Int, status: Int, latencyNanos: Int64, features: ReplicaFeatures, context: RequestContext, now: Int64) {
        guard replica < replicas.count else { return }
        let r = replicas[replica]
        r.inflight = max(0, r.inflight - 1)
        totalInflight = max(0, totalInflight - 1)
        r.requests += 1
        let failed = status == 0 || status == 502 || status == 503 || status == 504
        if failed {
            r.failures += 1
            r.breaker.recordFailure(now: now)
        } else {
            r.ewma.observe(rttNanos: Double(latencyNanos), now: now)
            if r.breaker.state != .closed || r.breaker.consecutiveFailures > 0 { r.breaker.recordSuccess() }
        }
        r.errorRate = r.errorRate * 0.95 + (failed ? 0.05 : 0)
        policy.record(RoutingOutcome(replica: replica, latencyNanos: latencyNanos, status: status, features: features, context: context))
    }

    /// An attempt the client ended (it left, stalled or oversized its body): the replica gave no
    /// evidence either way, so only the load counters move, and a half-open probe (the attempt
    /// saw the breaker not closed) is handed back for the next request.
    public func abandoned(replica: Int, features: ReplicaFeatures) {
        guard replica < replicas.count else { return }
        let r = replicas[replica]
        r.inflight = max(0, r.inflight - 1)
        totalInflight = max(0, totalInflight - 1)
        if features.breakerOpen { r.breaker.releaseProbe() }
    }

    /// A refused connection proves the replica down: eject now instead of counting failures.
    public func eject(replica: Int, now: Int64) {
        guard replica < replicas.count else { return }
        replicas[replica].breaker.trip(now: now)
    }

    public func setHealth(_ healthy: Bool, upstream: Upstream) {
        for r in replicas where r.upstream == upstream {
            if healthy && !r.healthy { r.breaker.reset() }
            r.healthy = healthy
        }
    }

    public func replicaIndex(of upstream: Upstream) -> Int? {
        replicas.first { $0.upstream == upstream }?.index
    }
}
