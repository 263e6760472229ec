/// A/B split: clients whose hash falls under `share` are routed by `b`, the rest by `a`; the split
/// is by client so one client always sees one policy. Both arms keep latency histograms and a
/// window of samples for the significance test (`PolicyComparison`).
public final class SplitPolicy: RoutingPolicy {
    public let a: any RoutingPolicy
    public let b: any RoutingPolicy
    public let share: Double
    public var name: String { a.name }
    private(set) var statsA = PolicyLatencyStats()
    private(set) var statsB = PolicyLatencyStats()
    private var routedToB = DecisionRing<Bool>()

    public init(a: any RoutingPolicy, b: any RoutingPolicy, share: Double) {
        self.a = a
        self.b = b
        self.share = min(1, max(0, share))
    }

    /// FNV-1a of the client key, in [0, 1).
    static func bucket(_ client: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in client.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Double(h % 10_000) / 10_000
    }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        let toB = Self.bucket(context.client) < share
        routedToB.put(context.decisionId, toB)
        return (toB ? b : a).choose(replicas: replicas, eligible: eligible, context: context)
    }

    public func record(_ outcome: RoutingOutcome) {
        let toB = routedToB.take(outcome.context.decisionId) ?? (Self.bucket(outcome.context.client) < share)
        if toB {
            b.record(outcome)
            statsB.add(outcome)
        } else {
            a.record(outcome)
            statsA.add(outcome)
        }
    }

    public func snapshot() -> (a: PolicyLatencyStats, b: PolicyLatencyStats) { (statsA, statsB) }
}

/// Per policy: a log-bucketed latency histogram (cumulative, for /metrics) and the latest
/// samples (for the test), plus request and failure counts.
public struct PolicyLatencyStats: Sendable {
    /// Upper bounds in ms of the histogram buckets (Prometheus `le`).
    public static let bounds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
    public private(set) var buckets = [Int](repeating: 0, count: PolicyLatencyStats.bounds.count + 1)
    public private(set) var requests = 0
    public private(set) var failures = 0
    public private(set) var sumMs = 0.0
    var window = LatencyWindow(capacity: 2000)

    mutating func add(_ o: RoutingOutcome) {
        let ms = Double(o.latencyNanos) / 1e6
        add(ms: ms, failed: o.isFailure)
    }

    mutating func add(ms: Double, failed: Bool) {
        requests += 1
        if failed { failures += 1 }
        sumMs += ms
        var k = 0
        while k < Self.bounds.count && ms > Self.bounds[k] { k += 1 }
        buckets[k] += 1
        window.add(ms)
    }

    /// Another loop's stats added in (the admin API merges all loops).
    mutating func merge(_ o: PolicyLatencyStats) {
        for k in buckets.indices { buckets[k] += o.buckets[k] }
        requests += o.requests
        failures += o.failures
        sumMs += o.sumMs
        for v in o.window.values { window.add(v) }
    }

    public var samples: [Double] { Array(window.values) }
}
