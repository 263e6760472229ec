/// A replica as one event loop sees it. Every loop keeps its own instance, so the counters the
/// policies read are plain stored properties: no atomics, no locks on the request path (Linkerd's
/// balancers likewise keep load estimates per balancer instance).
public final class ReplicaState {
    public let upstream: Upstream
    public let index: Int
    /// `upstream.name`, formatted once: the proxy needs it for every response (X-Upstream).
    public let name: String
    public var inflight = 0
    public var ewma = PeakEWMA()
    public var breaker: CircuitBreaker
    /// Set by the active health checker for all loops at once.
    public var healthy = true
    /// Removed from configuration: finishes in-flight requests, takes no new ones.
    public var draining = false
    /// Exponentially weighted error rate, for policies and stats.
    public var errorRate = 0.0
    public var requests = 0
    public var failures = 0

    public init(upstream: Upstream, index: Int, breaker: CircuitBreaker = .init()) {
        self.upstream = upstream
        self.index = index
        self.name = upstream.name
        self.breaker = breaker
    }

    @inline(__always)
    public func isEligible(now: Int64) -> Bool {
        healthy && !draining && breaker.isAvailable(now: now)
    }

    public var features: ReplicaFeatures {
        ReplicaFeatures(inflight: inflight, latencyEstimateNanos: ewma.estimateNanos, errorRate: errorRate, breakerOpen: breaker.state != .closed)
    }
}

/// What a policy saw of a replica when it chose; echoed back in the outcome so a learning
/// policy can fit reward against exactly the state it acted on.
public struct ReplicaFeatures: Sendable, Equatable {
    public var inflight: Int
    public var latencyEstimateNanos: Double
    public var errorRate: Double
    public var breakerOpen: Bool

    public init(inflight: Int, latencyEstimateNanos: Double, errorRate: Double, breakerOpen: Bool) {
        self.inflight = inflight
        self.latencyEstimateNanos = latencyEstimateNanos
        self.errorRate = errorRate
        self.breakerOpen = breakerOpen
    }
}
