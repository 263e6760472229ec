import Foundation

/// Fits `BKTParameters` for one skill by expectation–maximisation (Baum–Welch) over many learners'
/// attempt sequences, with scaled forward–backward and bounded guess/slip.
///
/// EM on BKT has several local optima (the "identifiability problem": a high-guess/low-learn
/// model can explain the same data as a low-guess/high-learn one). Bounding guess and slip to
/// ≤ 0.3 rules out the degenerate optima, and several starting points — each screened for a few
/// iterations, the most likely one then run to convergence — make the global one likely.
/// Forward–backward is scaled (filtered probabilities forward, β renormalised backward), so
/// sequences of any length neither underflow nor overflow.
public struct BKTFitter: Sendable {
    /// Knobs of the fit; the defaults are what the benchmark bars were measured with.
    public struct Configuration: Sendable, Hashable, Codable {
        public var maxIterations: Int = 400
        /// Stop when the log-likelihood per attempt improves by less than this.
        public var tolerance: Double = 1e-9
        public var maxGuess: Double = 0.3
        public var maxSlip: Double = 0.3
        /// Fit `forget` too; classic BKT keeps it at 0.
        public var fitForgetting: Bool = false
        /// Iterations each starting point gets before the best one is continued.
        public var screeningIterations: Int = 10
        /// Starting points; a grid spanning the plausible region of parameter space.
        public var startingPoints: [BKTParameters] = BKTFitter.defaultStartingPoints
        public init() {}
    }

    /// The outcome of a fit.
    public struct Result: Sendable, Hashable, Codable {
        public var parameters: BKTParameters
        public var logLikelihood: Double
        public var iterations: Int
        public var attempts: Int
    }

    public static let defaultStartingPoints: [BKTParameters] = [
        BKTParameters(prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1),
        BKTParameters(prior: 0.6, learn: 0.05, guess: 0.1, slip: 0.05),
        BKTParameters(prior: 0.1, learn: 0.3, guess: 0.25, slip: 0.15),
        BKTParameters(prior: 0.5, learn: 0.2, guess: 0.05, slip: 0.25),
        BKTParameters(prior: 0.15, learn: 0.05, guess: 0.28, slip: 0.05),
    ]

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Fits one skill. Returns `BKTParameters.default` with no iterations when there is no data.
    public func fit(_ data: AttemptSequences) -> Result {
        let n = data.attemptCount
        guard n > 0 else {
            return Result(parameters: .default, logLikelihood: 0, iterations: 0, attempts: 0)
        }
        // The only scratch memory: filtered P(known) per attempt, allocated once per fit.
        var filtered = [Double](repeating: 0, count: n)
        let starts = configuration.startingPoints.isEmpty ? Self.defaultStartingPoints : configuration.startingPoints

        var best: (params: BKTParameters, ll: Double)? = nil
        var iterationsUsed = 0
        for start in starts {
            var params = clamp(start)
            var ll = -Double.infinity
            for _ in 0..<configuration.screeningIterations {
                (params, ll) = emStep(params, data, &filtered)
                iterationsUsed += 1
            }
            if best == nil || ll > best!.ll { best = (params, ll) }
        }
        var (params, ll) = best!
        let perAttemptTolerance = configuration.tolerance * Double(n)
        for _ in 0..<configuration.maxIterations {
            let (next, nextLL) = emStep(params, data, &filtered)
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
    public func fitAll(_ data: [String: AttemptSequences]) async -> [String: Result] {
        await withTaskGroup(of: (String, Result).self) { group in
            for (skill, sequences) in data {
                group.addTask { (skill, self.fit(sequences)) }
            }
            var results: [String: Result] = [:]
            for await (skill, result) in group { results[skill] = result }
            return results
        }
    }

    private func clamp(_ p: BKTParameters) -> BKTParameters {
        let eps = 1e-4
        var q = p
        q.prior = min(max(q.prior, eps), 1 - eps)
        q.learn = min(max(q.learn, eps), 1 - eps)
        q.guess = min(max(q.guess, eps), configuration.maxGuess)
        q.slip = min(max(q.slip, eps), configuration.maxSlip)
        q.forget = configuration.fitForgetting ? min(max(q.forget, eps), 1 - eps) : 0
        // Bounds above 0.5 could allow guess + slip ≥ 1, where the states swap meaning.
        if q.guess + q.slip >= 0.999 {
            let s = 0.999 / (q.guess + q.slip)
            q.guess *= s
            q.slip *= s
        }
        return q
    }

    /// One Baum–Welch iteration. Returns the re-estimated parameters and the log-likelihood of the
    /// data under the *input* parameters. Each per-parameter M-step objective is concave in that
    /// one parameter, so clamping the unconstrained maximiser to its box is the exact constrained
    /// M-step and EM stays monotone.
    private func emStep(
        _ p: BKTParameters, _ data: AttemptSequences,
        _ filtered: inout [Double]
    ) -> (BKTParameters, Double) {
        let learn = p.learn, forget = p.forget, guess = p.guess, slip = p.slip
        var priorSum = 0.0
        var learnNum = 0.0, learnDen = 0.0
        var forgetNum = 0.0, forgetDen = 0.0
        var guessNum = 0.0, guessDen = 0.0
        var slipNum = 0.0, slipDen = 0.0
        var logLikelihood = 0.0

        data.outcomes.withUnsafeBufferPointer { obs in
            data.starts.withUnsafeBufferPointer { starts in
                filtered.withUnsafeMutableBufferPointer { alpha in
                        // Products of scale factors are logged in batches: a log per attempt
                        // would dominate the whole E-step.
                        var product = 1.0
                        for s in 0..<(starts.count - 1) {
                            let lo = starts[s], hi = starts[s + 1]
                            // Forward pass: filtered P(known | o_1..t); the normalisers give the likelihood.
                            var predicted = p.prior
                            for t in lo..<hi {
                                let correct = obs[t] != 0
                                let eK = correct ? 1 - slip : slip
                                let eU = correct ? guess : 1 - guess
                                let known = predicted * eK
                                let total = known + (1 - predicted) * eU
                                let a = known / total
                                alpha[t] = a
                                product *= total
                                if product < 1e-250 { logLikelihood += log(product); product = 1 }
                                predicted = a * (1 - forget) + (1 - a) * learn
                            }
                            // Backward pass, accumulating expected counts.
                            var bK = 1.0, bU = 1.0
                            var t = hi - 1
                            while true {
                                let a = alpha[t]
                                let gK = a * bK
                                let gU = (1 - a) * bU
                                let g = gK + gU
                                let gammaK = gK / g, gammaU = gU / g
                                if obs[t] != 0 { guessNum += gammaU } else { slipNum += gammaK }
                                guessDen += gammaU
                                slipDen += gammaK
                                if t == lo { priorSum += gammaK; break }
                                // Quantities of step t feed the transition (t−1 → t).
                                let correct = obs[t] != 0
                                let eK = correct ? 1 - slip : slip
                                let eU = correct ? guess : 1 - guess
                                let kb = eK * bK, ub = eU * bU
                                let prev = alpha[t - 1]
                                let xiUK = (1 - prev) * learn * kb
                                let xiUU = (1 - prev) * (1 - learn) * ub
                                let xiKU = prev * forget * ub
                                let xiKK = prev * (1 - forget) * kb
                                // β is only known up to a per-step constant (see below), so each
                                // step's ξ is normalised to sum to one, which it must.
                                let xiNorm = 1 / (xiUK + xiUU + xiKU + xiKK)
                                learnNum += xiUK * xiNorm
                                learnDen += (xiUK + xiUU) * xiNorm
                                forgetNum += xiKU * xiNorm
                                forgetDen += (xiKU + xiKK) * xiNorm
                                let nbK = (1 - forget) * kb + forget * ub
                                let nbU = learn * kb + (1 - learn) * ub
                                // Rescaling β by any per-step constant leaves γ and the normalised
                                // ξ unchanged; keeping max(β) = 1 is the scaling that cannot
                                // underflow, and it spares storing the forward scale factors.
                                let norm = 1 / max(nbK, nbU)
                                bK = nbK * norm
                                bU = nbU * norm
                                t -= 1
                            }
                        }
                        logLikelihood += log(product)
                }
            }
        }
        var next = p
        next.prior = priorSum / Double(data.sequenceCount)
        if learnDen > 0 { next.learn = learnNum / learnDen }
        if configuration.fitForgetting, forgetDen > 0 { next.forget = forgetNum / forgetDen }
        if guessDen > 0 { next.guess = guessNum / guessDen }
        if slipDen > 0 { next.slip = slipNum / slipDen }
        return (clamp(next), logLikelihood)
    }
}
