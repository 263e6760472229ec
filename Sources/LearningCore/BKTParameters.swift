import Foundation

/// The four (optionally five) parameters of Bayesian Knowledge Tracing for one skill.
///
/// The learner is a two-state hidden Markov model: the skill is either known or not. `prior` is
/// P(known) before the first attempt, `learn` the chance of moving from unknown to known after an
/// attempt, `forget` the reverse (0 in classic BKT), `guess` P(correct | unknown) and `slip`
/// P(incorrect | known).
///
/// The filtered state is carried as log-odds, log P(known) − log P(unknown) (`KnowledgeState`):
/// as one probability it rounds to exactly 1.0 once P(unknown) < 1e-16, and with `forget` = 0 the
/// update then returns 1.0 whatever the learner answers (docs/learning.md, "Exact filtering").
public struct BKTParameters: Codable, Sendable, Hashable {
    public var prior: Double
    public var learn: Double
    public var guess: Double
    public var slip: Double
    public var forget: Double

    public init(prior: Double, learn: Double, guess: Double, slip: Double, forget: Double = 0) {
        self.prior = prior
        self.learn = learn
        self.guess = guess
        self.slip = slip
        self.forget = forget
    }

    /// Neutral parameters for a skill with no fitted model yet (typical published values).
    public static let `default` = BKTParameters(prior: 0.3, learn: 0.15, guess: 0.2, slip: 0.1)

    /// P(correct) on the next attempt for a learner whose current P(known) is `pKnown`.
    @inlinable
    public func probabilityCorrect(pKnown: Double) -> Double {
        pKnown * (1 - slip) + (1 - pKnown) * guess
    }

    /// P(correct) on the next attempt from the exact state.
    @inlinable
    public func probabilityCorrect(_ state: KnowledgeState) -> Double {
        state.pKnown * (1 - slip) + state.pUnknown * guess
    }

    /// The state before the first attempt.
    public var initialState: KnowledgeState { KnowledgeState(pKnown: prior) }

    /// The online update in log-odds: Bayes' rule on the observation adds the log likelihood
    /// ratio; the learn/forget transition maps odds o to (o(1 − f) + l) / (o·f + 1 − l), evaluated
    /// with log-sum-exp so neither tail rounds. The result is finite for any finite input while
    /// guess and slip are inside (0, 1).
    @inlinable
    public func update(_ state: KnowledgeState, correct: Bool) -> KnowledgeState {
        let evidence = correct ? log1p(-slip) - log(guess) : log(slip) - log1p(-guess)
        let l = state.logOdds + evidence
        let known = Self.logAddExp(l + log1p(-forget), log(learn))
        let unknown = Self.logAddExp(l + log(forget), log1p(-learn))
        return KnowledgeState(logOdds: known - unknown)
    }

    /// The same update on a probability (kept for callers that store one). A stored 1.0 or 0.0 is
    /// already stuck; carry `KnowledgeState` instead.
    @inlinable
    public func update(pKnown: Double, correct: Bool) -> Double {
        update(KnowledgeState(pKnown: pKnown), correct: correct).pKnown
    }

    /// The state before the next attempt after a whole sequence of outcomes, starting from `prior`.
    public func state(after outcomes: some Sequence<Bool>) -> KnowledgeState {
        var s = initialState
        for correct in outcomes { s = update(s, correct: correct) }
        return s
    }

    /// P(known) before the next attempt after a whole sequence of outcomes, starting from `prior`.
    public func pKnown(after outcomes: some Sequence<Bool>) -> Double {
        state(after: outcomes).pKnown
    }

    /// log(e^a + e^b) without overflow; −∞ operands (a zero probability) drop out.
    @inlinable
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
    }

    /// P(known at attempt t | every outcome of the sequence), t = 0..<n: forward–backward smoothing.
    ///
    /// The hindsight estimate of the hidden state, which later attempts sharpen; `wave3 train` uses it
    /// as the mastery model's target. By the martingale property its expectation given the outcomes
    /// before attempt t is the filtered `pKnown(after:)`, so a target built this way keeps the
    /// mastery score on the P(known) scale. Known and unknown are carried as a pair (each exact),
    /// never as p and 1 − p.
    public func smoothedKnown(_ outcomes: [Bool]) -> [Double] {
        let n = outcomes.count
        guard n > 0 else { return [] }
        // Filtered (P(known), P(unknown)) at t, after observing attempt t.
        var fK = [Double](repeating: 0, count: n), fU = fK
        var pK = prior, pU = 1 - prior
        for t in 0..<n {
            let c = outcomes[t]
            let k = pK * (c ? 1 - slip : slip)
            let u = pU * (c ? guess : 1 - guess)
            fK[t] = k / (k + u)
            fU[t] = u / (k + u)
            pK = fK[t] * (1 - forget) + fU[t] * learn
            pU = fK[t] * forget + fU[t] * (1 - learn)
        }
        var smoothed = fK
        // β(t) = P(o_t+1..n−1 | state at t), rescaled each step (only its ratio matters).
        var bK = 1.0, bU = 1.0
        var t = n - 2
        while t >= 0 {
            let c = outcomes[t + 1]
            let eK = c ? 1 - slip : slip, eU = c ? guess : 1 - guess
            let nbK = (1 - forget) * eK * bK + forget * eU * bU
            let nbU = learn * eK * bK + (1 - learn) * eU * bU
            let m = max(nbK, nbU, 1e-300)
            bK = nbK / m
            bU = nbU / m
            let gK = fK[t] * bK, gU = fU[t] * bU
            smoothed[t] = gK + gU > 0 ? gK / (gK + gU) : fK[t]
            t -= 1
        }
        return smoothed
    }

    /// Parameters are usable when every probability is in [0, 1] and guess < 1 − slip (a learner
    /// who knows the skill answers correctly more often than one who does not); beyond that the
    /// states swap meaning and a correct answer would count as evidence of not knowing.
    public var isValid: Bool {
        let all = [prior, learn, guess, slip, forget]
        return all.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 } && guess < 1 - slip
    }
}
