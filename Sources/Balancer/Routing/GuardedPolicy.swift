/// The live wrapper around a learning policy. The learner keeps learning from every outcome
/// (its own choices and the control's: O(1) per request), but routes only when it is safe to:
/// - untrained: until it has `warmup` outcomes, P2C peak-EWMA routes;
/// - control: a fixed `controlShare` of decisions always goes to P2C, so there is always a
///   fresh comparison on the same traffic;
/// - worse: every `checkEvery` outcomes, if the learner's p99 over its recent window exceeds
///   `tolerance` × the control's, P2C routes everything for `cooldownNanos`, then the learner
///   gets another chance.
/// Exploration is bounded inside each learner. Ineligible replicas never reach it (the engine).
public final class GuardedPolicy: RoutingPolicy {
    public let name: String
    public let learner: any LearningPolicy
    private let control: P2CPeakEWMAPolicy
    public var controlShare = 0.05
    public var warmup = 200
    public var tolerance = 1.1
    public var checkEvery = 500
    public var cooldownNanos: Int64 = 30_000_000_000
    public private(set) var counters = GuardCounters()
    private var routedByLearner = DecisionRing<Bool>()
    private var learnerWindow = LatencyWindow()
    private var controlWindow = LatencyWindow()
    private var fallbackUntil: Int64 = 0
    private var outcomes = 0
    private var rng: SplitMix64

    public struct GuardCounters: Sendable, Codable, Equatable {
        public var decisions = 0
        public var learnerDecisions = 0
        public var fallbacks = 0
        public var trips = 0
        public var learnerP99Ms = 0.0
        public var controlP99Ms = 0.0
        public init() {}
    }

    public init(learner: any LearningPolicy, seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        self.learner = learner
        self.name = learner.name
        control = P2CPeakEWMAPolicy(seed: seed ^ 0xA5A5)
        rng = SplitMix64(seed: seed)
    }

    public var fallingBack: Bool { fallbackUntil > 0 }

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        counters.decisions += 1
        let draw = Double(rng.next() >> 11) / 9_007_199_254_740_992.0
        let useLearner = outcomes >= warmup && context.now >= fallbackUntil && draw >= controlShare
        if context.now >= fallbackUntil { fallbackUntil = 0 }
        routedByLearner.put(context.decisionId, useLearner)
        if useLearner {
            counters.learnerDecisions += 1
            return learner.choose(replicas: replicas, eligible: eligible, context: context)
        }
        counters.fallbacks += 1
        return control.choose(replicas: replicas, eligible: eligible, context: context)
    }

    public func record(_ outcome: RoutingOutcome) {
        learner.record(outcome)
        outcomes += 1
        let ms = Double(outcome.latencyNanos) / 1e6 + (outcome.isFailure ? 1000 : 0)
        if let byLearner = routedByLearner.take(outcome.context.decisionId) {
            if byLearner { learnerWindow.add(ms) } else { controlWindow.add(ms) }
        }
        guard outcomes % checkEvery == 0, learnerWindow.count >= 200, controlWindow.count >= 50 else { return }
        counters.learnerP99Ms = learnerWindow.quantile(0.99)
        counters.controlP99Ms = controlWindow.quantile(0.99)
        if counters.learnerP99Ms > tolerance * counters.controlP99Ms {
            counters.trips += 1
            fallbackUntil = outcome.context.now + outcome.latencyNanos + cooldownNanos
            learnerWindow.reset()
        }
    }
}
