import Metrics
import Prometheus

/// The process-wide Prometheus registry behind swift-metrics. swift-metrics may be bootstrapped only
/// once per process, so it happens lazily here, however many applications (tests) are built.
public enum Observability {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
