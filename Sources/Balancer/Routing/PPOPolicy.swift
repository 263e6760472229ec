import Foundation

/// Proximal policy optimisation over the per-replica `ScoringNetwork`: π(replica) = softmax of
/// the logits over the eligible replicas. Every decision is a step; its reward (−cost, failures
/// penalised) arrives with the response. When `batch` decisions have their rewards, advantages
/// come from GAE over the decision sequence against a linear value baseline, and `epochs`
/// passes of minibatch gradient ascent on the clipped surrogate (plus an entropy bonus) update
/// the network. While `training` it samples from π (exploration); otherwise it takes the best
/// logit and keeps its weights (the live default: a frozen, trained model).
public final class PPOPolicy: LearningPolicy {
    public let name = PolicyKind.ppo.rawValue
    public let kind = PolicyKind.ppo
    public private(set) var guardrail = GuardrailCounters()
    public var training = false
    public var batch = 512
    public var epochs = 4
    public var minibatch = 64
    public var clip = 0.2
    public var gamma = 0.5
    public var lambdaGAE = 0.9
    public var learningRate = 0.01
    public var entropyBonus = 0.001
    public var failurePenaltyMs = 500.0
    static let maxCandidates = 16
    private(set) var net: ScoringNetwork
    private var value = SIMD8<Double>()
    private var map = ReplicaFeatureMap()
    private var rng: SplitMix64
    private var slots = DecisionRing<Int>()

    /// The rollout buffer, preallocated: φ of up to 16 candidates per step.
    private var phis: [SIMD8<Double>]
    private var counts: [Int]
    private var actions: [Int]
    private var logps: [Double]
    private var rewards: [Double]
    private var values: [Double]
    private var filled = 0
    private var logits = [Double](repeating: 0, count: PPOPolicy.maxCandidates)

    public init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        rng = SplitMix64(seed: seed)
        net = ScoringNetwork(seed: seed)
        phis = []; counts = []; actions = []; logps = []; rewards = []; values = []
        allocate()
    }

    private func allocate() {
        phis = Array(repeating: SIMD8(), count: batch * Self.maxCandidates)
        counts = Array(repeating: 0, count: batch)
        actions = Array(repeating: 0, count: batch)
        logps = Array(repeating: 0, count: batch)
        rewards = Array(repeating: .nan, count: batch)
        values = Array(repeating: 0, count: batch)
        filled = 0
    }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        guardrail.decisions += 1
        map.ensure(replicas.count)
        let now = context.now
        let n = min(eligible.count, Self.maxCandidates)
        let slot = training && filled < batch ? filled : -1
        var mean = SIMD8<Double>()
        var best = 0, bestLogit = -Double.infinity, maxLogit = -Double.infinity
        for k in 0..<n {
            let phi = map.features(replicas[eligible[k]], now: now)
            if slot >= 0 { phis[slot * Self.maxCandidates + k] = phi }
            mean += phi
            let l = net.logit(phi)
            logits[k] = l
            if l > bestLogit { bestLogit = l; best = k }
            maxLogit = max(maxLogit, l)
        }
        guard training else {
            map.silence.sending(to: replicas[eligible[best]], now: now)
            return eligible[best]
        }
        var z = 0.0
        for k in 0..<n { z += exp(logits[k] - maxLogit) }
        var u = Double(rng.next() >> 11) / 9_007_199_254_740_992.0 * z
        var pick = n - 1
        for k in 0..<n {
            u -= exp(logits[k] - maxLogit)
            if u <= 0 { pick = k; break }
        }
        if pick != best { guardrail.explorations += 1 }
        if slot >= 0 {
            counts[slot] = n
            actions[slot] = pick
            logps[slot] = logits[pick] - maxLogit - log(z)
            rewards[slot] = .nan
            values[slot] = (value * (mean / Double(n))).sum()
            slots.put(context.decisionId, slot)
            filled += 1
        }
        map.silence.sending(to: replicas[eligible[pick]], now: now)
        return eligible[pick]
    }

    public func record(_ outcome: RoutingOutcome) {
        map.observe(outcome)
        guard training, let slot = slots.take(outcome.context.decisionId) else { return }
        rewards[slot] = -min(costMs(outcome, failurePenaltyMs: failurePenaltyMs), 2000) / ReplicaFeatureMap.scaleMs
        if filled == batch, !rewards.contains(where: \.isNaN) { update() }
    }

    /// One PPO update on the full buffer, then the buffer starts over.
    func update() {
        var adv = [Double](repeating: 0, count: batch)
        var gae = 0.0
        for t in stride(from: batch - 1, through: 0, by: -1) {
            let nextV = t + 1 < batch ? values[t + 1] : values[t]
            let delta = rewards[t] + gamma * nextV - values[t]
            gae = delta + gamma * lambdaGAE * gae
            adv[t] = gae
        }
        let returns = (0..<batch).map { adv[$0] + values[$0] }
        let mu = adv.reduce(0, +) / Double(batch)
        let sd = max(1e-6, (adv.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(batch)).squareRoot())
        for t in 0..<batch { adv[t] = (adv[t] - mu) / sd }
        var order = Array(0..<batch)
        var grad = [Double](repeating: 0, count: ScoringNetwork.count)
        var probs = [Double](repeating: 0, count: Self.maxCandidates)
        for _ in 0..<epochs {
            for i in stride(from: batch - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for start in stride(from: 0, to: batch, by: minibatch) {
                for k in grad.indices { grad[k] = 0 }
                var vgrad = SIMD8<Double>()
                for t in order[start..<min(batch, start + minibatch)] {
                    let n = counts[t], base = t * Self.maxCandidates
                    var m = -Double.infinity
                    for k in 0..<n { probs[k] = net.logit(phis[base + k]); m = max(m, probs[k]) }
                    var z = 0.0
                    for k in 0..<n { probs[k] = exp(probs[k] - m); z += probs[k] }
                    for k in 0..<n { probs[k] /= z }
                    let ratio = exp(log(max(probs[actions[t]], 1e-12)) - logps[t])
                    let a = adv[t]
                    // The clipped objective has zero gradient where the clip is the minimum.
                    let clipped = (a > 0 && ratio > 1 + clip) || (a < 0 && ratio < 1 - clip)
                    var mean = SIMD8<Double>()
                    for k in 0..<n {
                        mean += phis[base + k]
                        var g = clipped ? 0 : ratio * a * ((k == actions[t] ? 1 : 0) - probs[k])
                        // Entropy bonus: ∂H/∂logit_k = −p_k (log p_k + H).
                        var h = 0.0
                        for j in 0..<n { h -= probs[j] * log(max(probs[j], 1e-12)) }
                        g += entropyBonus * -probs[k] * (log(max(probs[k], 1e-12)) + h)
                        if g != 0 { net.accumulateGradient(phis[base + k], scale: g, into: &grad) }
                    }
                    mean /= Double(n)
                    vgrad += (returns[t] - (value * mean).sum()) * mean
                }
                let scale = learningRate / Double(minibatch)
                for k in grad.indices { net.w[k] += scale * max(-10, min(10, grad[k])) }
                value += scale * vgrad
            }
        }
        guardrail.updates += 1
        for t in 0..<batch { rewards[t] = .nan }
        filled = 0
    }

    public func exportModel() -> PolicyModel {
        PolicyModel(policy: name, parameters: ["gamma": gamma, "lambda": lambdaGAE, "clip": clip, "failurePenaltyMs": failurePenaltyMs],
                    weights: net.w + (0..<8).map { value[$0] })
    }

    public func load(_ model: PolicyModel) throws {
        try model.check(policy: name)
        guard model.weights.count == ScoringNetwork.count + 8 else {
            throw PolicyModel.LoadError.invalid("ppo needs \(ScoringNetwork.count + 8) weights")
        }
        net = ScoringNetwork(weights: Array(model.weights[0..<ScoringNetwork.count]))
        for k in 0..<8 { value[k] = model.weights[ScoringNetwork.count + k] }
        failurePenaltyMs = max(0, model.parameters["failurePenaltyMs"] ?? failurePenaltyMs)
    }
}
