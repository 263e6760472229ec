/// The four (optionally five) parameters of Bayesian Knowledge Tracing for one skill.
///
/// The learner is a two-state hidden Markov model: the skill is either known or not. `prior` is
/// P(known) before the first attempt, `learn` the chance of moving from unknown to known after an
/// attempt, `forget` the reverse (0 in classic BKT), `guess` P(correct | unknown) and `slip`
/// P(incorrect | known).
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

    /// The online update: P(known) before the next attempt, given P(known) before this attempt and
    /// its outcome. Bayes' rule on the observation, then the learn/forget transition.
    @inlinable
    public func update(pKnown: Double, correct: Bool) -> Double {
        let known = correct ? pKnown * (1 - slip) : pKnown * slip
        let unknown = correct ? (1 - pKnown) * guess : (1 - pKnown) * (1 - guess)
        let total = known + unknown
        let posterior = total > 0 ? known / total : pKnown
        return posterior * (1 - forget) + (1 - posterior) * learn
    }

    /// P(known) before the next attempt after a whole sequence of outcomes, starting from `prior`.
    public func pKnown(after outcomes: some Sequence<Bool>) -> Double {
        var p = prior
        for correct in outcomes { p = update(pKnown: p, correct: correct) }
        return p
    }

    /// P(known at attempt t | every outcome of the sequence), t = 0..<n: forward–backward smoothing.
    ///
    /// The hindsight estimate of the hidden state, which later attempts sharpen; `wave3 train` uses it
    /// as the mastery model's target. By the martingale property its expectation given the outcomes
    /// before attempt t is the filtered `pKnown(after:)`, so a target built this way keeps the
    /// mastery score on the P(known) scale.
    public func smoothedKnown(_ outcomes: [Bool]) -> [Double] {
        let n = outcomes.count
        guard n > 0 else { return [] }
        // Filtered P(known at t | o_0..t), after observing attempt t.
        var filtered = [Double](repeating: 0, count: n)
        var predicted = prior
        for t in 0..<n {
            let c = outcomes[t]
            let k = predicted * (c ? 1 - slip : slip)
            let u = (1 - predicted) * (c ? guess : 1 - guess)
            filtered[t] = k + u > 0 ? k / (k + u) : predicted
            predicted = filtered[t] * (1 - forget) + (1 - filtered[t]) * learn
        }
        var smoothed = filtered
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
            let gK = filtered[t] * bK, gU = (1 - filtered[t]) * bU
            smoothed[t] = gK + gU > 0 ? gK / (gK + gU) : filtered[t]
            t -= 1
        }
        return smoothed
    }

    /// Parameters are usable when every probability is in [0, 1] and guess + slip < 1; beyond
    /// that the model is degenerate (a correct answer would count as evidence of not knowing).
    public var isValid: Bool {
        let all = [prior, learn, guess, slip, forget]
        return all.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 } && guess + slip < 1
    }
}
