import Foundation
import Prometheus

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
    /// Shared through Redis, local, or fallen back to local while Redis is unreachable.
    public var limiterBackend: LimiterBackendView
    public var reputationTracked: Int
    /// Both tables' sizes, their cap and what was dropped to keep them under it.
    public var trackedClients: BalancerServer.TrackedClients
    public var anomalies: Int
    public var flags: FeatureFlags
    public var retryBudget: Double
    /// Learning policies: guardrail counters, model versions, the A/B split and its test.
    public var learning: LearningView? = nil
    public var ab: PolicyComparison? = nil
}

extension BalancerServer {
    /// Per-replica view merged over all loops: counters summed, breaker worst-of, and the latency
    /// estimates averaged with weights that fall with the age of each loop's last sample
    /// (`LatencyMerge`), so a loop that saw one slow request a minute ago and nothing since does
    /// not hide what the busy loops measure now.
    public func upstreamViews() async -> [ReplicaView] {
        let now = monotonicNanos()
        let perLoop = await gather { lc in
            lc.engine.replicas.map { r in
                (ReplicaView(name: r.upstream.name, healthy: r.healthy, breaker: r.breaker.state.rawValue, inflight: r.inflight,
                             latencyEstimateMs: r.ewma.estimateNanos / 1e6, errorRate: r.errorRate, requests: r.requests,
                             failures: r.failures, eligible: r.isEligible(now: now)),
                 LatencyMerge.Sample(estimateNanos: r.ewma.estimateNanos, stampNanos: r.ewma.stampNanos, decayNanos: r.ewma.decayNanos))
            }
        }
        var merged: [String: ReplicaView] = [:]
        var latency: [String: LatencyMerge] = [:]
        var order: [String] = []
        for views in perLoop {
            for (v, sample) in views {
                latency[v.name, default: LatencyMerge()].add(sample)
                if var m = merged[v.name] {
                    m.healthy = m.healthy && v.healthy
                    if v.breaker != "closed" { m.breaker = v.breaker }
                    m.inflight += v.inflight
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
        return order.compactMap { name in
            guard var v = merged[name] else { return nil }
            if let l = latency[name]?.estimateNanos { v.latencyEstimateMs = l / 1e6 }
            return v
        }
    }

    public func stats() async -> BalancerStats {
        let replicas = await upstreamViews()
        let budget = await gather { $0.engine.retryBudget.available }.reduce(0, +)
        var stats = BalancerStats(policy: policy().rawValue, replicas: replicas, inflight: replicas.reduce(0) { $0 + $1.inflight },
                             limiterClients: (limiter as? LocalRateLimitStore)?.count ?? (limiter as? ReconcilingRateLimitStore)?.count,
                             limiterBackend: limiterBackend(),
                             reputationTracked: reputation.count, trackedClients: trackedClients(),
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
        let tracked = trackedClients()
        func gauge(_ name: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "balancer", metricName: name, unitName: "", helpText: help)
        }
        for (table, count, evictions) in [("limiter", tracked.limiter, tracked.limiterEvictions), ("reputation", tracked.reputation, tracked.reputationEvictions)] {
            guard let count, let evictions else { continue }
            metrics.registry.makeGauge(descriptor: gauge("tracked_clients", "Clients held in memory per table"), labels: [("table", table)]).set(Int64(count))
            metrics.registry.makeGauge(descriptor: gauge("tracked_client_evictions", "Entries dropped (idle or over the cap) since start"), labels: [("table", table)]).set(Int64(evictions))
        }
        metrics.registry.makeGauge(descriptor: gauge("tracked_clients_capacity", "Most clients each table holds")).set(Int64(tracked.capacity))
        let backend = limiterBackend()
        for label in LimiterBackendState.labels {
            metrics.registry.makeGauge(descriptor: gauge("limiter_backend", "1 for the limiter's current backend: redis (shared), local, or local_fallback (Redis unreachable)"),
                                       labels: [("state", label)]).set(Int64(label == backend.state ? 1 : 0))
        }
        if limiterSync != nil {
            metrics.registry.makeGauge(descriptor: gauge("limiter_syncs", "Limiter reconciliations with Redis since start"), labels: [("outcome", "ok")]).set(Int64(backend.syncs))
            metrics.registry.makeGauge(descriptor: gauge("limiter_syncs", "Limiter reconciliations with Redis since start"), labels: [("outcome", "failed")]).set(Int64(backend.failedSyncs))
        }
    }
}
