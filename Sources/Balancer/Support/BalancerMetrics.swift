import Prometheus

/// Prometheus metrics. Handles are created once per (replica, class) and cached by the loops,
/// so the request path only touches the metric objects themselves.
public final class BalancerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public let limiterAllowed: Counter
    public let limiterLimited: Counter
    public let overloaded: Counter
    public let noReplica: Counter
    public let retries: Counter
    public let anomalies: Counter
    public let upgrades: Counter
    public let ejections: Counter
    let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {
        limiterAllowed = registry.makeCounter(name: "balancer_limiter_decisions_total", labels: [("decision", "allowed")])
        limiterLimited = registry.makeCounter(name: "balancer_limiter_decisions_total", labels: [("decision", "limited")])
        overloaded = registry.makeCounter(name: "balancer_shed_total", labels: [("reason", "overloaded")])
        noReplica = registry.makeCounter(name: "balancer_shed_total", labels: [("reason", "no_replica")])
        retries = registry.makeCounter(name: "balancer_retries_total")
        anomalies = registry.makeCounter(name: "balancer_anomalies_total")
        upgrades = registry.makeCounter(name: "balancer_upgrades_total")
        ejections = registry.makeCounter(name: "balancer_ejections_total")
    }

    public func requests(replica: String, statusClass: String) -> Counter {
        registry.makeCounter(name: "balancer_upstream_requests_total", labels: [("replica", replica), ("status", statusClass)])
    }

    public func latency(replica: String) -> ValueHistogram {
        registry.makeValueHistogram(name: "balancer_upstream_latency_seconds", labels: [("replica", replica)], buckets: latencyBuckets)
    }

    public func breakerGauge(replica: String) -> Gauge {
        registry.makeGauge(name: "balancer_breaker_state", labels: [("replica", replica)])
    }

    public func reputationGauge(bucket: String) -> Gauge {
        registry.makeGauge(name: "balancer_reputation_clients", labels: [("score", bucket)])
    }
}
