import Foundation

/// Fits `BKTParameters` for one skill by expectation–maximisation (Baum–Welch) over many learners'
/// attempt sequences, with exact scaled forward–backward.
///
/// Identifiability: a learner who knows the skill must answer correctly more often than one who
/// does not (guess < 1 − slip); past that the states swap meaning. That rule, not a cap, bounds
/// guess and slip — real skills fit well above 0.3 — and mild Beta priors keep thin skills from
/// the degenerate corners. EM on BKT has several local optima, so several starting points are
/// each screened for a few iterations and the most likely one is run to convergence.
/// The forward pass carries P(known) and P(unknown) separately, each normalised by their sum, so
/// neither rounds to 0 or 1 when the other is tiny (docs/learning.md, "Exact filtering").
public struct BKTFitter: Sendable {
    /// Knobs of the fit; the defaults are what the benchmark bars were measured with.
    public struct Configuration: Sendable, Hashable, Codable {
        public var maxIterations: Int = 400
        /// Stop when the log-likelihood per attempt improves by less than this.
        public var tolerance: Double = 1e-9
        /// guess + slip stays at least this far below 1 (the identifiability rule with a margin).
        public var identifiabilityMargin: Double = 0.02
        /// Beta(α, β) priors on guess and slip, as MAP pseudo-counts: mild, worth a handful of
        /// attempts, so they matter only for skills with little data.
        public var guessPrior: BetaPrior = BetaPrior(alpha: 1.5, beta: 3)
        public var slipPrior: BetaPrior = BetaPrior(alpha: 1.5, beta: 3)
        /// Fit `forget` too; classic BKT keeps it at 0.
        public var fitForgetting: Bool = false
        /// Iterations each starting point gets before the best one is continued.
        public var screeningIterations: Int = 10
        /// Starting points; a grid spanning the plausible region of parameter space.
        public var startingPoints: [BKTParameters] = BKTFitter.defaultStartingPoints
        public init() {}
    }

    /// A Beta prior; α = β = 1 is flat.
    public struct BetaPrior: Sendable, Hashable, Codable {
        public var alpha: Double
        public var beta: Double
        public init(alpha: Double, beta: Double) { self.alpha = alpha; self.beta = beta }
        /// The MAP estimate from `successes` out of `trials` expected counts.
        func map(successes: Double, trials: Double) -> Double {
            (successes + alpha - 1) / (trials + alpha + beta - 2)
        }
    }

    /// The outcome of a fit.
    public struct Result: Sendable, Hashable, Codable {
        public var parameters: BKTParameters
        public var logLikelihood: Double
        public var iterations: Int
        public var attempts: Int
    }

    public static let defaultStartingPoints: [BKTParameters] = [
        BKTParameters(prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1, forget: 0.02),
        BKTParameters(prior: 0.6, learn: 0.05, guess: 0.1, slip: 0.05, forget: 0.05),
        BKTParameters(prior: 0.1, learn: 0.3, guess: 0.25, slip: 0.15, forget: 0.01),
        BKTParameters(prior: 0.5, learn: 0.2, guess: 0.05, slip: 0.25, forget: 0.1),
        BKTParameters(prior: 0.4, learn: 0.1, guess: 0.4, slip: 0.3, forget: 0.05),
    ]

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// A copy with `fitForgetting` set.
    public func forgetting(_ on: Bool) -> BKTFitter {
        var copy = self
        copy.configuration.fitForgetting = on
        return copy
    }

    /// Fits one skill. Returns `BKTParameters.default` with no iterations when there is no data.
    public func fit(_ data: AttemptSequences) -> Result {
        let n = data.attemptCount
        guard n > 0 else {
            return Result(parameters: .default, logLikelihood: 0, iterations: 0, attempts: 0)
        }
        // The only scratch memory: filtered P(known), P(unknown) per attempt, allocated once per fit.
        var scratch = [Double](repeating: 0, count: 2 * n)
        let starts = configuration.startingPoints.isEmpty ? Self.defaultStartingPoints : configuration.startingPoints

        var best: (params: BKTParameters, ll: Double)? = nil
        var iterationsUsed = 0
        for start in starts {
            var params = constrain(start)
            var ll = -Double.infinity
            for _ in 0..<configuration.screeningIterations {
                (params, ll) = emStep(params, data, &scratch)
                iterationsUsed += 1
            }
            if best == nil || ll > best!.ll { best = (params, ll) }
        }
        var (params, ll) = best!
        let perAttemptTolerance = configuration.tolerance * Double(n)
        for _ in 0..<configuration.maxIterations {
            let (next, nextLL) = emStep(params, data, &scratch)
            iterationsUsed += 1
            // `nextLL` is the likelihood of `params` (E-step runs before the M-step).
            let improvement = nextLL - ll
            params = next
            ll = nextLL
            if improvement.magnitude < perAttemptTolerance { break }
        }
        return Result(parameters: params, logLikelihood: ll, iterations: iterationsUsed, attempts: n)
    }

    /// Fits every skill, in parallel across skills (each fit is independent and CPU-bound).
    /// `progress` is called after each skill with the number done so far.
    public func fitAll(_ data: [String: AttemptSequences], progress: @Sendable (Int) -> Void = { _ in }) async -> [String: Result] {
        await withTaskGroup(of: (String, Result).self) { group in
            // Largest skills first, so the last task to finish is a short one.
            for (skill, sequences) in data.sorted(by: { $0.value.attemptCount > $1.value.attemptCount }) {
                group.addTask { (skill, self.fit(sequences)) }
            }
            var results: [String: Result] = [:]
            for await (skill, result) in group {
                results[skill] = result
                progress(results.count)
            }
            return results
        }
    }

    /// Keeps guess, slip, prior and learn inside (0, 1), forget at 0 unless fitted, and
    /// guess + slip ≤ 1 − margin by moving both towards 0 in proportion.
    func constrain(_ p: BKTParameters) -> BKTParameters {
        let eps = 1e-6
        var q = p
        q.prior = min(max(q.prior, eps), 1 - eps)
        q.learn = min(max(q.learn, eps), 1 - eps)
        q.guess = min(max(q.guess, eps), 1 - eps)
        q.slip = min(max(q.slip, eps), 1 - eps)
        q.forget = configuration.fitForgetting ? min(max(q.forget, eps), 1 - eps) : 0
        let ceiling = 1 - configuration.identifiabilityMargin
        if q.guess + q.slip > ceiling {
            let s = ceiling / (q.guess + q.slip)
            q.guess *= s
            q.slip *= s
        }
        return q
    }

    /// Log-likelihood of `data` under `p` (forward pass only): what held-out model choice compares.
    public static func logLikelihood(_ p: BKTParameters, _ data: AttemptSequences) -> Double {
        var total = 0.0
        for s in 0..<data.sequenceCount {
            var pK = p.prior, pU = 1 - p.prior
            for o in data.sequence(s) {
                let correct = o != 0
                let k = pK * (correct ? 1 - p.slip : p.slip)
                let u = pU * (correct ? p.guess : 1 - p.guess)
                let z = k + u
                total += log(z)
                let aK = k / z, aU = u / z
                pK = aK * (1 - p.forget) + aU * p.learn
                pU = aK * p.forget + aU * (1 - p.learn)
            }
        }
        return total
    }

    /// One Baum–Welch iteration. Returns the re-estimated parameters and the log-likelihood of the
    /// data under the *input* parameters.
    private func emStep(_ p: BKTParameters, _ data: AttemptSequences, _ scratch: inout [Double]) -> (BKTParameters, Double) {
        var counts = ExpectedCounts()
        let logLikelihood = data.outcomes.withUnsafeBufferPointer { obs in
            data.starts.withUnsafeBufferPointer { starts in
                scratch.withUnsafeMutableBufferPointer { alpha in
                    Self.expectedCounts(p, obs, starts, alpha, &counts)
                }
            }
        }
        var next = p
        next.prior = counts.prior / Double(data.sequenceCount)
        if counts.learnDen > 0 { next.learn = counts.learnNum / counts.learnDen }
        if configuration.fitForgetting, counts.forgetDen > 0 { next.forget = counts.forgetNum / counts.forgetDen }
        if counts.guessDen > 0 { next.guess = configuration.guessPrior.map(successes: counts.guessNum, trials: counts.guessDen) }
        if counts.slipDen > 0 { next.slip = configuration.slipPrior.map(successes: counts.slipNum, trials: counts.slipDen) }
        return (constrain(next), logLikelihood)
    }

    struct ExpectedCounts {
        var prior = 0.0
        var learnNum = 0.0, learnDen = 0.0
        var forgetNum = 0.0, forgetDen = 0.0
        var guessNum = 0.0, guessDen = 0.0
        var slipNum = 0.0, slipDen = 0.0
    }

    /// The E-step: forward (filtered known/unknown pairs in `alpha`, interleaved) and backward
    /// passes over every sequence, accumulating expected counts. Returns the log-likelihood.
    private static func expectedCounts(
        _ p: BKTParameters, _ obs: UnsafeBufferPointer<UInt8>, _ starts: UnsafeBufferPointer<Int>,
        _ alpha: UnsafeMutableBufferPointer<Double>, _ c: inout ExpectedCounts
    ) -> Double {
        let learn = p.learn, forget = p.forget, guess = p.guess, slip = p.slip
        var logLikelihood = 0.0
        // Products of normalisers are logged in batches: a log per attempt would dominate the E-step.
        var product = 1.0
        for s in 0..<(starts.count - 1) {
            let lo = starts[s], hi = starts[s + 1]
            var pK = p.prior, pU = 1 - p.prior
            for t in lo..<hi {
                let correct = obs[t] != 0
                let k = pK * (correct ? 1 - slip : slip)
                let u = pU * (correct ? guess : 1 - guess)
                let total = k + u
                let aK = k / total, aU = u / total
                alpha[2 * t] = aK
                alpha[2 * t + 1] = aU
                product *= total
                if product < 1e-250 { logLikelihood += log(product); product = 1 }
                pK = aK * (1 - forget) + aU * learn
                pU = aK * forget + aU * (1 - learn)
            }
            // Backward pass, accumulating expected counts.
            var bK = 1.0, bU = 1.0
            var t = hi - 1
            while true {
                let gK = alpha[2 * t] * bK
                let gU = alpha[2 * t + 1] * bU
                let g = gK + gU
                let gammaK = gK / g, gammaU = gU / g
                if obs[t] != 0 { c.guessNum += gammaU } else { c.slipNum += gammaK }
                c.guessDen += gammaU
                c.slipDen += gammaK
                if t == lo { c.prior += gammaK; break }
                // Quantities of step t feed the transition (t−1 → t).
                let correct = obs[t] != 0
                let eK = correct ? 1 - slip : slip
                let eU = correct ? guess : 1 - guess
                let kb = eK * bK, ub = eU * bU
                let prevK = alpha[2 * (t - 1)], prevU = alpha[2 * (t - 1) + 1]
                let xiUK = prevU * learn * kb
                let xiUU = prevU * (1 - learn) * ub
                let xiKU = prevK * forget * ub
                let xiKK = prevK * (1 - forget) * kb
                // β is only known up to a per-step constant, so each step's ξ is normalised to sum
                // to one, which it must.
                let xiNorm = 1 / (xiUK + xiUU + xiKU + xiKK)
                c.learnNum += xiUK * xiNorm
                c.learnDen += (xiUK + xiUU) * xiNorm
                c.forgetNum += xiKU * xiNorm
                c.forgetDen += (xiKU + xiKK) * xiNorm
                let nbK = (1 - forget) * kb + forget * ub
                let nbU = learn * kb + (1 - learn) * ub
                // Keeping max(β) = 1 is the rescaling that cannot underflow.
                let norm = 1 / max(nbK, nbU)
                bK = nbK * norm
                bU = nbU * norm
                t -= 1
            }
        }
        return logLikelihood + log(product)
    }
}
