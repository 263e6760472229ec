public final class RandomPolicy: RoutingPolicy {
    public let name = PolicyKind.random.rawValue
    private var rng = SplitMix64(seed: UInt64.random(in: 1...UInt64.max))
    public init() {}
    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        eligible[Int(rng.next() % UInt64(eligible.count))]
    }
}

/// A small fast generator: policies draw randomness per request and the system generator's
/// syscall-backed entropy would dominate their cost.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
