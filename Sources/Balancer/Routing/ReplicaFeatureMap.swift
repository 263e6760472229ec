import Foundation

/// The state a learner sees of one replica, normalised to order 1 (eight lanes, one SIMD
/// register pair): bias, RIF, its own latency mean, mean × (RIF + 1), peak EWMA, silence with
/// requests outstanding, error rate, and the cost P2C would give it. Any number of replicas
/// works: the same map is applied to each.
struct ReplicaFeatureMap {
    /// Per replica: EWMA of latency (ms), plain (not peak), of successful responses.
    private(set) var meanMs: [Double] = []
    /// Half the lowest observed mean: what a never-observed replica is assumed to answer in, so a
    /// greedy learner tries each replica once instead of never learning it is fast.
    private var optimisticMs = 0.0
    var silence = SilenceTracker()
    static let scaleMs = 20.0

    mutating func ensure(_ n: Int) {
        while meanMs.count < n { meanMs.append(0) }
        silence.ensure(n)
    }

    mutating func observe(_ o: RoutingOutcome) {
        ensure(o.replica + 1)
        silence.responded(o.replica, at: o.context.now + o.latencyNanos)
        guard !o.isFailure else { return }
        let ms = Double(o.latencyNanos) / 1e6
        let m = meanMs[o.replica]
        meanMs[o.replica] = m == 0 ? ms : m * 0.9 + ms * 0.1
        optimisticMs = 0.5 * (meanMs.filter { $0 > 0 }.min() ?? 0)
    }

    @inline(__always)
    func features(_ r: ReplicaState, now: Int64) -> SIMD8<Double> {
        let q = Double(r.inflight)
        let peak = r.ewma.estimateNanos / 1e6
        let known = meanMs.count > r.index ? meanMs[r.index] : 0
        let m = known > 0 ? known : (optimisticMs > 0 ? optimisticMs : peak)
        let quiet = min(silence.silenceMs(r, now: now), 2000)
        let s = Self.scaleMs
        return SIMD8(1, q / 4, m / s, m * (q + 1) / s, peak / s, quiet / s, r.errorRate, r.ewma.cost(inflight: r.inflight, now: now) / 1e6 / s)
    }
}
