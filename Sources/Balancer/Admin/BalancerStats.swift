import Foundation

public struct ReplicaView: Codable, Sendable {
    public var name: String
    public var healthy: Bool
    public var breaker: String
    public var inflight: Int
    public var latencyEstimateMs: Double
    public var errorRate: Double
    public var requests: Int
    public var failures: Int
    /// Eligible for new requests right now on every loop.
    public var eligible: Bool
}

public struct BalancerStats: Codable, Sendable {
    public var policy: String
    public var replicas: [ReplicaView]
    public var inflight: Int
    public var limiterClients: Int?
    public var reputationTracked: Int
    public var anomalies: Int
    public var flags: FeatureFlags
    public var retryBudget: Double
    /// Learning policies: guardrail counters, model versions, the A/B split and its test.
    public var learning: LearningView? = nil
    public var ab: PolicyComparison? = nil
}

extension BalancerServer {
    /// Per-replica view merged over all loops: counters summed, breaker worst-of, latency max.
    public func upstreamViews() async -> [ReplicaView] {
        let now = monotonicNanos()
        let perLoop = await gather { lc in
            lc.engine.replicas.map { r in
                ReplicaView(name: r.upstream.name, healthy: r.healthy, breaker: r.breaker.state.rawValue, inflight: r.inflight,
                            latencyEstimateMs: r.ewma.estimateNanos / 1e6, errorRate: r.errorRate, requests: r.requests,
                            failures: r.failures, eligible: r.isEligible(now: now))
            }
        }
        var merged: [String: ReplicaView] = [:]
        var order: [String] = []
        for views in perLoop {
            for v in views {
                if var m = merged[v.name] {
                    m.healthy = m.healthy && v.healthy
                    if v.breaker != "closed" { m.breaker = v.breaker }
                    m.inflight += v.inflight
                    m.latencyEstimateMs = max(m.latencyEstimateMs, v.latencyEstimateMs)
                    m.errorRate = max(m.errorRate, v.errorRate)
                    m.requests += v.requests
                    m.failures += v.failures
                    m.eligible = m.eligible && v.eligible
                    merged[v.name] = m
                } else {
                    merged[v.name] = v
                    order.append(v.name)
                }
            }
        }
        return order.compactMap { merged[$0] }
    }

    public func stats() async -> BalancerStats {
        let replicas = await upstreamViews()
        let budget = await gather { $0.engine.retryBudget.available }.reduce(0, +)
        var stats = BalancerStats(policy: policy().rawValue, replicas: replicas, inflight: replicas.reduce(0) { $0 + $1.inflight },
                             limiterClients: (limiter as? LocalRateLimitStore)?.count,
                             reputationTracked: reputation.snapshot(now: monotonicNanos()).count,
                             anomalies: anomalies().count, flags: flags(), retryBudget: budget)
        stats.learning = await learningView()
        stats.ab = await policyComparison()
        return stats
    }

    func refreshGauges() async {
        for v in await upstreamViews() {
            metrics.breakerGauge(replica: v.name).set(Int64(v.breaker == "closed" ? 0 : (v.breaker == "open" ? 2 : 1)))
        }
        var buckets = ["0-20": 0, "20-40": 0, "40-60": 0, "60-80": 0, "80-100": 0]
        for (_, s) in reputation.snapshot(now: monotonicNanos()) {
            let k = ["0-20", "20-40", "40-60", "60-80", "80-100"][min(4, Int(s.score / 20))]
            buckets[k, default: 0] += 1
        }
        for (k, v) in buckets { metrics.reputationGauge(bucket: k).set(Int64(v)) }
        await refreshLearningGauges()
    }
}
