import Foundation
import NIOCore
import Prometheus

/// Everything one event loop needs to proxy without synchronisation: its decision engine, its
/// connection pool, its token cache, its anomaly counters and cached metric handles. Only ever
/// touched on its own loop (reached through `NIOLoopBound`).
final class LoopContext {
    let loop: any EventLoop
    let engine: DecisionEngine
    let pool: UpstreamConnectionPool
    let identifier: ClientIdentifier
    let config: BalancerConfiguration
    let metrics: BalancerMetrics
    var rng = SplitMix64(seed: UInt64.random(in: 1...UInt64.max))
    /// Requests per client in the current anomaly window.
    var window: [String: Int] = [:]
    var windowTotal = 0
    var draining = false
    var connections: [ObjectIdentifier: ProxyHandler] = [:]
    private var requestCounter: UInt64 = 0
    private let requestIdPrefix: String
    private var requestCounters: [Int: [Counter]] = [:]
    private var latencyHistograms: [Int: ValueHistogram] = [:]
    var clientErrors: [String: Int] = [:]
    /// Set by the server: a refused connection seen on one loop ejects the replica on all of
    /// them, so no other loop spends a request discovering the same dead replica.
    var ejectEverywhere: ((Upstream) -> Void)?

    init(loop: any EventLoop, engine: DecisionEngine, config: BalancerConfiguration, metrics: BalancerMetrics, loopIndex: Int) {
        self.loop = loop
        self.engine = engine
        self.config = config
        self.metrics = metrics
        self.pool = UpstreamConnectionPool(loop: loop, maxIdlePerReplica: config.maxIdlePerReplica, connectTimeout: config.connectTimeout, maxHeaderBytes: config.maxHeaderBytes)
        self.identifier = ClientIdentifier(jwtSecret: config.jwtSecret, previousSecret: config.jwtPreviousSecret)
        self.requestIdPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16) + "-\(loopIndex)-"
    }

    private var decisionCounter: UInt64 = 0
    func nextDecisionId() -> UInt64 {
        decisionCounter &+= 1
        return decisionCounter
    }

    private var sweeper: RepeatedTask?

    /// One repeating task per loop checks every connection's deadlines (see ProxyHandler).
    func startSweeping() {
        guard sweeper == nil else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        sweeper = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            let now = monotonicNanos()
            for handler in Array(bound.value.connections.values) { handler.checkDeadlines(now: now) }
        }
    }

    func stopSweeping() {
        sweeper?.cancel()
        sweeper = nil
    }

    func nextRequestId() -> String {
        requestCounter &+= 1
        return requestIdPrefix + String(requestCounter, radix: 16)
    }

    func countRequest(replica: Int, name: String, status: Int, latencyNanos: Int64) {
        let cls = status == 0 ? 0 : min(status / 100, 5)
        if requestCounters[replica] == nil {
            requestCounters[replica] = ["error", "1xx", "2xx", "3xx", "4xx", "5xx"].map { metrics.requests(replica: name, statusClass: $0) }
            latencyHistograms[replica] = metrics.latency(replica: name)
        }
        requestCounters[replica]![cls].increment()
        if status != 0 { latencyHistograms[replica]!.record(Double(latencyNanos) / 1e9) }
    }

    func resetMetricHandles() {
        requestCounters = [:]
        latencyHistograms = [:]
    }

    func takeWindow() -> (total: Int, perClient: [String: Int], clientErrors: [String: Int]) {
        defer {
            window = [:]
            windowTotal = 0
            clientErrors = [:]
        }
        return (windowTotal, window, clientErrors)
    }
}
