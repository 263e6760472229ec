import Foundation

/// Linear Q-learning over per-replica features (`ReplicaFeatureMap`): Q(s, a) estimates the cost
/// (latency in ms, failures penalised) of sending this request to replica a, with one weight
/// vector shared by all replicas. The target bootstraps from the cheapest replica at the time
/// the outcome arrives (γ small: a routing choice mostly pays for itself), fitted by normalised
/// least-mean-squares. Exploration is ε-greedy, bounded to replicas whose estimate is within
/// `exploreWithin` of the best, so it never probes a replica it already knows to be terrible.
public final class LinearQPolicy: LearningPolicy {
    public let name = PolicyKind.linearQ.rawValue
    public let kind = PolicyKind.linearQ
    public private(set) var guardrail = GuardrailCounters()
    public var weights = SIMD8<Double>(0, 0, 0, 1, 0, 1, 10, 0) * ReplicaFeatureMap.scaleMs
    public var epsilon = 0.01
    public var exploreWithin = 1.5
    public var gamma = 0.1
    public var learningRate = 0.01
    public var failurePenaltyMs = 500.0
    public var warmup = 50
    private var map = ReplicaFeatureMap()
    private var ring = DecisionRing<SIMD8<Double>>()
    private var rng: SplitMix64
    private let fallback: P2CPeakEWMAPolicy
    private var lastEligible: [Int] = []

    /// Holds the replica array the engine passed last, to evaluate the next state at `record`.
    final class ReplicaBox { var replicas: [ReplicaState] = [] }
    private let box = ReplicaBox()

    public init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        rng = SplitMix64(seed: seed)
        fallback = P2CPeakEWMAPolicy(seed: seed ^ 0x5555)
        lastEligible.reserveCapacity(64)
    }

    @inline(__always)
    func q(_ phi: SIMD8<Double>) -> Double { (weights * phi).sum() }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        guardrail.decisions += 1
        map.ensure(replicas.count)
        box.replicas = replicas
        lastEligible.removeAll(keepingCapacity: true)
        lastEligible.append(contentsOf: eligible)
        let now = context.now
        var best = eligible[0], bestQ = Double.infinity
        var bestPhi = SIMD8<Double>()
        for i in eligible {
            let phi = map.features(replicas[i], now: now)
            let v = q(phi)
            if v < bestQ { bestQ = v; best = i; bestPhi = phi }
        }
        var chosen = best, phi = bestPhi
        if guardrail.updates < warmup {
            guardrail.fallbacks += 1
            chosen = fallback.choose(replicas: replicas, eligible: eligible, context: context)
            phi = map.features(replicas[chosen], now: now)
        } else if eligible.count > 1, Double(rng.next() >> 11) / 9_007_199_254_740_992.0 < epsilon {
            let i = eligible[Int(rng.next() % UInt64(eligible.count))]
            let p = map.features(replicas[i], now: now)
            if q(p) <= bestQ * exploreWithin + 1 {
                guardrail.explorations += 1
                chosen = i
                phi = p
            }
        }
        ring.put(context.decisionId, phi)
        map.silence.sending(to: replicas[chosen], now: now)
        return chosen
    }

    public func record(_ outcome: RoutingOutcome) {
        map.observe(outcome)
        guard let phi = ring.take(outcome.context.decisionId) else { return }
        let now = outcome.context.now + outcome.latencyNanos
        var next = Double.infinity
        for i in lastEligible where i < box.replicas.count {
            next = min(next, q(map.features(box.replicas[i], now: now)))
        }
        if !next.isFinite { next = 0 }
        let target = costMs(outcome, failurePenaltyMs: failurePenaltyMs) + gamma * next
        let err = max(-1000, min(1000, target - q(phi)))
        weights += (learningRate * err / (1 + (phi * phi).sum())) * phi
        // Every lane but the bias measures load or trouble, and more of either never makes a
        // replica cheaper. Left free, a lane's weight can go negative from correlated lanes; the
        // greedy choice then prefers the most loaded replica, whose features grow without bound
        // while the normalised step shrinks, and the learner never recovers (`failure`: one
        // replica got 80 % of the traffic, p50 over a minute). Projecting keeps Q monotone.
        weights = Self.monotone(weights)
        guardrail.updates += 1
    }

    /// `w` with every lane but the bias clamped to ≥ 0.
    @inline(__always)
    static func monotone(_ w: SIMD8<Double>) -> SIMD8<Double> {
        var m = w.replacing(with: 0, where: w .< 0)
        m[0] = w[0]
        return m
    }

    public func exportModel() -> PolicyModel {
        PolicyModel(policy: name, parameters: ["epsilon": epsilon, "gamma": gamma, "learningRate": learningRate, "failurePenaltyMs": failurePenaltyMs],
                    weights: (0..<8).map { weights[$0] })
    }

    public func load(_ model: PolicyModel) throws {
        try model.check(policy: name)
        guard model.weights.count == 8 else { throw PolicyModel.LoadError.invalid("linear_q needs 8 weights") }
        for k in 0..<8 { weights[k] = model.weights[k] }
        weights = Self.monotone(weights)
        epsilon = min(0.2, max(0, model.parameters["epsilon"] ?? epsilon))
        gamma = min(0.99, max(0, model.parameters["gamma"] ?? gamma))
        learningRate = min(1, max(0, model.parameters["learningRate"] ?? learningRate))
        failurePenaltyMs = max(0, model.parameters["failurePenaltyMs"] ?? failurePenaltyMs)
        guardrail.updates = max(guardrail.updates, warmup)
    }
}
