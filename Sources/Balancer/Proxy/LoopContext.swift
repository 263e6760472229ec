import Foundation
import NIOCore

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
    /// A clock at most one sweep (100 ms) old, for the deadlines that only the sweep checks: a
    /// fresh reading per request event would cost a `clock_gettime` each.
    var now = monotonicNanos()
    var connections: [ObjectIdentifier: ProxyHandler] = [:]
    private var requestCounter: UInt64 = 0
    private let requestIdPrefix: String
    /// Counted here, published to `metrics` by the sweep.
    var tally = LoopMetrics()
    var clientErrors: [String: Int] = [:]
    /// Set by the server: a refused connection seen on one loop ejects the replica on all of
    /// them, so no other loop spends a request discovering the same dead replica.
    var ejectEverywhere: ((Upstream) -> Void)?
    /// Storage for the heads and chunk lines the proxy writes. A write holds it only until the
    /// socket has the bytes (the flush ending the read burst), so the next head finds it free and
    /// allocates nothing; `clear()` copies only while an earlier write still waits in a queue.
    private var scratch = ByteBufferAllocator().buffer(capacity: 2048)
    /// Never written to once built, so sending them shares their storage.
    let crlf = ByteBuffer(staticString: "\r\n")
    let lastChunk = ByteBuffer(staticString: "0\r\n\r\n")

    init(loop: any EventLoop, engine: DecisionEngine, config: BalancerConfiguration, metrics: BalancerMetrics, loopIndex: Int) {
        self.loop = loop
        self.engine = engine
        self.config = config
        self.metrics = metrics
        self.pool = UpstreamConnectionPool(loop: loop, maxIdlePerReplica: config.maxIdlePerReplica, connectTimeout: config.connectTimeout, maxHeaderBytes: config.maxHeaderBytes)
        self.identifier = ClientIdentifier(jwtSecret: config.jwtSecret, previousSecret: config.jwtPreviousSecret)
        // Short enough (with a counter under 2^32) to stay a small string: no heap allocation per id.
        self.requestIdPrefix = String(UInt32.random(in: 0x10000...0xFFFFF), radix: 16) + String(loopIndex % 36, radix: 36) + "-"
    }

    /// `fill` writes into the loop's scratch storage; the bytes come back as a buffer to write.
    func bytes(_ fill: (inout ByteBuffer) -> Void) -> ByteBuffer {
        scratch.clear()
        fill(&scratch)
        return scratch
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
            bound.value.now = now
            bound.value.publishMetrics()
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
        tally.count(replica: replica, name: name, status: status, latencyNanos: latencyNanos, buckets: BalancerMetrics.latencyBuckets)
    }

    func publishMetrics() { tally.publish(to: metrics) }

    /// The replica set changed (indices move): publish what was counted under the old one.
    func resetMetricHandles() {
        tally.publish(to: metrics)
        tally.resetReplicas()
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
