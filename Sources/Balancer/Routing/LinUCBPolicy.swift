import Foundation

/// Contextual bandit (LinUCB, one arm per replica) minimising latency. Each arm fits
/// latency ≈ θ₀ + θ₁·RIF by time-decayed ridge regression towards the cluster-wide fit
/// (`RidgeArm`); the choice is the arm with the lowest optimistic estimate
/// θ·x − α·σ·√(xᵀA⁻¹x), over every eligible replica (a full scan: ten replicas cost less
/// than a microsecond). A replica silent for longer than it should be with requests outstanding
/// (a stall) is charged the silence on top of its estimate: the estimate itself can only move
/// when a response arrives, which is exactly what a stall withholds. Pauses that keep a regular
/// period are timed (`StallClock`) and requests kept out of the next one before it starts.
///
/// Guardrail: until `warmup` outcomes are in, it routes with P2C peak-EWMA.
public final class LinUCBPolicy: LearningPolicy {
    public let name = PolicyKind.linUCB.rawValue
    public let kind = PolicyKind.linUCB
    public var parameters = Parameters()
    public private(set) var guardrail = GuardrailCounters()
    private var arms: [RidgeArm] = []
    private var cluster = RidgeArm()
    private var silence = SilenceTracker()
    /// Per replica: recent failures, decaying with `failureMemorySeconds`. Kept apart from the
    /// latency fit, whose evidence fades in a second: a replica that timed out must not look
    /// typical again before its timeouts could even have come back.
    private var failures: [(score: Double, stamp: Int64)] = []
    /// Per replica: its pauses, timed so regular ones can be kept clear of.
    private var stalls: [StallClock] = []
    private let fallback: P2CPeakEWMAPolicy
    static let pauseFactor = 3.0

    public struct Parameters: Sendable, Codable, Equatable {
        /// Evidence time constant, seconds.
        public var tauSeconds = 1.0
        /// Prior strength, in samples.
        public var lambda = 4.0
        /// Exploration weight of the confidence width.
        public var alpha = 0.1
        /// A silence longer than this many expected gaps between responses counts as a stall.
        public var silenceFactor = 1.5
        public var failurePenaltyMs = 500.0
        public var warmup = 50.0
        public var failureMemorySeconds = 10.0
        /// Predict regular pauses (`StallClock`) and keep requests out of them; a request is
        /// expected to stay `stallGuard` × its estimate in service. 0 turns prediction off.
        public var stallGuard = 2.0
        public init() {}
    }

    public init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        fallback = P2CPeakEWMAPolicy(seed: seed)
    }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        guardrail.decisions += 1
        if cluster.samples < parameters.warmup {
            guardrail.fallbacks += 1
            return fallback.choose(replicas: replicas, eligible: eligible, context: context)
        }
        ensure(replicas.count)
        let now = context.now
        let tau = parameters.tauSeconds * 1e9
        let lambda = parameters.lambda
        var best = eligible[0]
        var bestScore = Double.infinity
        for i in eligible {
            let r = replicas[i]
            let arm = arms[i]
            let q = Double(r.inflight)
            var pred: Double
            var idle: Double
            if arm.samples == 0 {
                pred = cluster.predict(rif: q)
                idle = cluster.predict(rif: 0)
            } else {
                // Evidence fades with the time since the arm last learnt: shrink towards the cluster.
                let age = Double(now - arm.stamp)
                let n = age > tau * 0.05 ? arm.samples * exp(-age / tau) : arm.samples
                let w = n / (n + lambda)
                pred = w * arm.predict(rif: q) + (1 - w) * cluster.predict(rif: q)
                idle = w * arm.predict(rif: 0) + (1 - w) * cluster.predict(rif: 0)
            }
            let f = failures[i]
            if f.score > 0.01 {
                pred += parameters.failurePenaltyMs * f.score * exp(-Double(now - f.stamp) / (parameters.failureMemorySeconds * 1e9))
            }
            let quiet = silence.silenceMs(r, now: now)
            // Responses should come about every idle/RIF; many such gaps without one is a stall.
            if quiet > parameters.silenceFactor * max(idle, 1) / max(q, 1) {
                pred += quiet
                // Only a silence of several whole service times is a pause worth timing: shorter
                // ones happen by chance and would hide the period.
                if quiet > Self.pauseFactor * max(idle, 1) { stalls[i].stallSeen(start: now - Int64(quiet * 1e6)) }
            } else if parameters.stallGuard > 0 {
                pred += stalls[i].predictedDelayMs(now: now, serviceMs: pred * parameters.stallGuard)
            }
            let score = pred - parameters.alpha * (arm.variance * arm.width(rif: q, lambda: lambda)).squareRoot()
            if score < bestScore {
                bestScore = score
                best = i
            }
        }
        silence.sending(to: replicas[best], now: now)
        return best
    }

    public func record(_ outcome: RoutingOutcome) {
        let i = outcome.replica
        ensure(i + 1)
        let done = outcome.context.now + outcome.latencyNanos
        silence.responded(i, at: done)
        stalls[i].responded(at: done)
        let y = costMs(outcome, failurePenaltyMs: parameters.failurePenaltyMs)
        let q = Double(outcome.features.inflight)
        let tau = parameters.tauSeconds * 1e9
        cluster.observe(rif: q, latencyMs: y, now: done, tau: tau * 10)
        cluster.refit(prior0: 0, prior1: 0, lambda: 1)
        arms[i].observe(rif: q, latencyMs: y, now: done, tau: tau, robust: !outcome.isFailure)
        arms[i].refit(prior0: cluster.theta0, prior1: cluster.theta1, lambda: parameters.lambda)
        if outcome.isFailure {
            let f = failures[i]
            failures[i] = (f.score * exp(-Double(done - f.stamp) / (parameters.failureMemorySeconds * 1e9)) + 1, done)
        }
        guardrail.updates += 1
    }

    @inline(__always)
    private func ensure(_ n: Int) {
        // Runs twice per request: the common case (every replica known) is one comparison.
        guard arms.count < n || failures.count < n || stalls.count < n else { return }
        grow(n)
    }

    private func grow(_ n: Int) {
        while arms.count < n { arms.append(RidgeArm()) }
        while failures.count < n { failures.append((0, 0)) }
        while stalls.count < n { stalls.append(StallClock()) }
        silence.ensure(n)
    }

    public func exportModel() -> PolicyModel {
        PolicyModel(policy: name, parameters: [
            "tauSeconds": parameters.tauSeconds, "lambda": parameters.lambda, "alpha": parameters.alpha,
            "silenceFactor": parameters.silenceFactor, "stallGuard": parameters.stallGuard, "failurePenaltyMs": parameters.failurePenaltyMs, "warmup": parameters.warmup,
        ])
    }

    public func load(_ model: PolicyModel) throws {
        try model.check(policy: name)
        var p = Parameters()
        let v = model.parameters
        p.tauSeconds = try model.positive("tauSeconds", default: p.tauSeconds)
        p.lambda = try model.positive("lambda", default: p.lambda)
        p.alpha = v["alpha"].map { max(0, $0) } ?? p.alpha
        p.silenceFactor = try model.positive("silenceFactor", default: p.silenceFactor)
        p.stallGuard = v["stallGuard"].map { max(0, $0) } ?? p.stallGuard
        p.failurePenaltyMs = v["failurePenaltyMs"].map { max(0, $0) } ?? p.failurePenaltyMs
        p.warmup = v["warmup"].map { max(0, $0) } ?? p.warmup
        parameters = p
    }
}
