/// Prequal (Google, NSDI 2024) as a balancer-side policy: probe a few replicas for their
/// requests-in-flight (RIF) and an estimate of the latency a request would see at that RIF, then
/// choose hot-cold lexicographically: among the cold probes (RIF not above the pool's
/// `hotQuantile`) the lowest estimated latency; if every probe is hot, the lowest RIF.
///
/// The balancer holds the RIF itself, so a "probe" reads it; the latency estimate is the
/// replica's recent latency at that RIF, learnt per RIF bucket like Prequal's servers do.
public final class PrequalPolicy: RoutingPolicy {
    public let name = PolicyKind.prequal.rawValue
    public var probes = 3
    public var hotQuantile = 0.84
    static let buckets = 16
    private var rng: SplitMix64
    /// Per replica: EWMA latency (ns) by RIF bucket, 0 when never observed.
    private var latencyByRIF: [[Double]] = []
    private var picked: [Int] = []
    private var rifs: [Int] = []

    public init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        rng = SplitMix64(seed: seed)
        picked.reserveCapacity(8)
        rifs.reserveCapacity(8)
    }

    private func ensure(_ n: Int) {
        while latencyByRIF.count < n { latencyByRIF.append(Array(repeating: 0, count: Self.buckets)) }
    }

    /// The estimate at `rif`: that bucket, else the nearest observed one scaled by RIF, else
    /// the replica's peak EWMA.
    func estimate(_ r: ReplicaState, rif: Int) -> Double {
        let table = latencyByRIF[r.index]
        let b = min(rif, Self.buckets - 1)
        if table[b] > 0 { return table[b] * Double(rif + 1) / Double(b + 1) }
        var lo = b - 1
        while lo >= 0 {
            if table[lo] > 0 { return table[lo] * Double(rif + 1) / Double(lo + 1) }
            lo -= 1
        }
        return r.ewma.estimateNanos * Double(rif + 1)
    }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        ensure(replicas.count)
        let n = eligible.count
        if n == 1 { return eligible[0] }
        picked.removeAll(keepingCapacity: true)
        rifs.removeAll(keepingCapacity: true)
        let d = min(probes, n)
        if d == n {
            picked.append(contentsOf: eligible)
        } else {
            while picked.count < d {
                let i = eligible[Int(rng.next() % UInt64(n))]
                if !picked.contains(i) { picked.append(i) }
            }
        }
        for i in picked { rifs.append(replicas[i].inflight) }
        rifs.sort()
        let threshold = rifs[Int(hotQuantile * Double(d - 1))]
        var best = -1
        var bestLatency = Double.infinity
        var coolest = picked[0]
        for i in picked {
            let r = replicas[i]
            if r.inflight < replicas[coolest].inflight { coolest = i }
            if r.inflight <= threshold {
                let l = estimate(r, rif: r.inflight)
                if l < bestLatency { bestLatency = l; best = i }
            }
        }
        return best >= 0 ? best : coolest
    }

    public func record(_ outcome: RoutingOutcome) {
        ensure(outcome.replica + 1)
        let b = min(outcome.features.inflight, Self.buckets - 1)
        // Failures count as slow so a failing replica's estimate rises instead of looking fast.
        let l = Double(outcome.isFailure ? max(outcome.latencyNanos, 1_000_000_000) : outcome.latencyNanos)
        let old = latencyByRIF[outcome.replica][b]
        latencyByRIF[outcome.replica][b] = old == 0 ? l : old * 0.9 + l * 0.1
    }
}
