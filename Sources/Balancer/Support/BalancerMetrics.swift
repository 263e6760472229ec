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
        limiterAllowed = registry.makeCounter(descriptor: Self.limiterDecisions, labels: [("decision", "allowed")])
        limiterLimited = registry.makeCounter(descriptor: Self.limiterDecisions, labels: [("decision", "limited")])
        overloaded = registry.makeCounter(descriptor: Self.shed, labels: [("reason", "overloaded")])
        noReplica = registry.makeCounter(descriptor: Self.shed, labels: [("reason", "no_replica")])
        retries = registry.makeCounter(descriptor: Self.named("balancer_retries_total", "Requests sent again to another replica."))
        anomalies = registry.makeCounter(descriptor: Self.named("balancer_anomalies_total", "Anomalies the detector raised."))
        upgrades = registry.makeCounter(descriptor: Self.named("balancer_upgrades_total", "Connections upgraded (WebSocket) and relayed as bytes."))
        ejections = registry.makeCounter(descriptor: Self.named("balancer_ejections_total", "Replicas taken out of rotation."))
    }

    /// One descriptor a metric name, so every label set of a name shares its help text.
    private static func named(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
    private static var limiterDecisions: MetricNameDescriptor { named("balancer_limiter_decisions_total", "Rate-limiter decisions by outcome.") }
    private static var shed: MetricNameDescriptor { named("balancer_shed_total", "Requests answered by the balancer itself (429/503) by reason.") }
    private static var upstreamRequests: MetricNameDescriptor { named("balancer_upstream_requests_total", "Proxied requests by replica and status class.") }
    private static var upstreamLatency: MetricNameDescriptor { named("balancer_upstream_latency_seconds", "Latency of proxied requests by replica.") }
    private static var breakerState: MetricNameDescriptor { named("balancer_breaker_state", "Circuit-breaker state by replica (0 closed, 1 half-open, 2 open).") }
    private static var reputationClients: MetricNameDescriptor { named("balancer_reputation_clients", "Clients by reputation score bucket.") }

    public func requests(replica: String, statusClass: String) -> Counter {
        registry.makeCounter(descriptor: Self.upstreamRequests, labels: [("replica", replica), ("status", statusClass)])
    }

    public func latency(replica: String) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: Self.upstreamLatency, labels: [("replica", replica)], buckets: latencyBuckets)
    }

    public func breakerGauge(replica: String) -> Gauge {
        registry.makeGauge(descriptor: Self.breakerState, labels: [("replica", replica)])
    }

    public func reputationGauge(bucket: String) -> Gauge {
        registry.makeGauge(descriptor: Self.reputationClients, labels: [("score", bucket)])
    }
}
