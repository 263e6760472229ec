import NIOConcurrencyHelpers
import Prometheus

/// Prometheus metrics. The request path counts into its loop's `LoopMetrics` and publishes here
/// in batches; the per-replica latency histogram is kept here (merged batches) and rendered after
/// the registry's metrics, because the registry's histograms take one observation at a time.
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
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    static let statusClasses = ["error", "1xx", "2xx", "3xx", "4xx", "5xx"]
    let latency = LatencyHistograms(name: "balancer_upstream_latency_seconds", buckets: BalancerMetrics.latencyBuckets)

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
    private static var breakerState: MetricNameDescriptor { named("balancer_breaker_state", "Circuit-breaker state by replica (0 closed, 1 half-open, 2 open).") }
    private static var reputationClients: MetricNameDescriptor { named("balancer_reputation_clients", "Clients by reputation score bucket.") }

    public func requests(replica: String, statusClass: String) -> Counter {
        registry.makeCounter(descriptor: Self.upstreamRequests, labels: [("replica", replica), ("status", statusClass)])
    }

    public func breakerGauge(replica: String) -> Gauge {
        registry.makeGauge(descriptor: Self.breakerState, labels: [("replica", replica)])
    }

    public func reputationGauge(bucket: String) -> Gauge {
        registry.makeGauge(descriptor: Self.reputationClients, labels: [("score", bucket)])
    }

    /// The exposition text: the registry's metrics, then the latency histograms.
    public func emitToString() -> String {
        registry.emitToString() + latency.render()
    }
}

/// Per-replica latency histograms, fed in batches by the loops.
final class LatencyHistograms: Sendable {
    private let name: String
    private let buckets: [Double]
    private let tallies = NIOLockedValueBox<[String: LatencyTally]>([:])

    init(name: String, buckets: [Double]) {
        self.name = name
        self.buckets = buckets
    }

    func merge(replica: String, _ batch: LatencyTally) {
        tallies.withLockedValue { $0[replica, default: LatencyTally(bucketCount: buckets.count)].add(batch) }
    }

    func render() -> String {
        let snapshot = tallies.withLockedValue { $0 }
        guard !snapshot.isEmpty else { return "" }
        var out = "# HELP \(name) Latency of proxied requests by replica.\n# TYPE \(name) histogram\n"
        for (replica, t) in snapshot.sorted(by: { $0.key < $1.key }) {
            let label = "replica=\"\(replica)\""
            for (i, bound) in buckets.enumerated() { out += "\(name)_bucket{\(label),le=\"\(bound)\"} \(t.counts[i])\n" }
            out += "\(name)_bucket{\(label),le=\"+Inf\"} \(t.count)\n"
            out += "\(name)_sum{\(label)} \(t.sum)\n"
            out += "\(name)_count{\(label)} \(t.count)\n"
        }
        return out
    }
}
