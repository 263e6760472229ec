/// Power of two choices over peak-EWMA cost (Linkerd): sample two distinct candidates, send to
/// the cheaper. Sampling two instead of scanning all avoids the herd behaviour of pure
/// least-loaded when load information is slightly stale.
public final class P2CPeakEWMAPolicy: RoutingPolicy {
    public let name = PolicyKind.p2cPeakEWMA.rawValue
    private var rng = SplitMix64(seed: UInt64.random(in: 1...UInt64.max))
    public init() {}
    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        let n = eligible.count
        if n == 1 { return eligible[0] }
        let a = Int(rng.next() % UInt64(n))
        var b = Int(rng.next() % UInt64(n - 1))
        if b >= a { b += 1 }
        let ra = replicas[eligible[a]]
        let rb = replicas[eligible[b]]
        let now = context.now
        return ra.ewma.cost(inflight: ra.inflight, now: now) <= rb.ewma.cost(inflight: rb.inflight, now: now) ? ra.index : rb.index
    }
}
