import Foundation

/// Per skill, classic BKT or BKT with forgetting, whichever predicts held-out learners better.
///
/// Forgetting adds a parameter that always raises the training likelihood, so the choice is made
/// on sequences the fit did not see: every fifth learner's sequence is held out, both variants
/// are fitted on the rest, and forgetting is kept only when it raises the held-out
/// log-likelihood. The chosen variant is then refitted on every sequence.
public struct BKTForgettingSelection: Sendable {
    public var fitter: BKTFitter
    /// Every `holdOutEvery`-th sequence is held out for the choice.
    public var holdOutEvery: Int

    public init(fitter: BKTFitter = BKTFitter(), holdOutEvery: Int = 5) {
        self.fitter = fitter
        self.holdOutEvery = holdOutEvery
    }

    public struct Choice: Sendable, Hashable, Codable {
        public var parameters: BKTParameters
        public var forgetting: Bool
        /// Held-out log-likelihood of forgetting minus classic BKT (positive: forgetting kept).
        public var heldOutGain: Double
    }

    public func fit(_ data: AttemptSequences) -> Choice {
        let (train, test) = data.split(every: holdOutEvery)
        guard train.attemptCount > 0, test.attemptCount > 0 else {
            return Choice(parameters: fitter.forgetting(false).fit(data).parameters, forgetting: false, heldOutGain: 0)
        }
        let standard = fitter.forgetting(false).fit(train).parameters
        let forgetting = fitter.forgetting(true).fit(train).parameters
        let gain = BKTFitter.logLikelihood(forgetting, test) - BKTFitter.logLikelihood(standard, test)
        let keep = gain > 0
        return Choice(parameters: fitter.forgetting(keep).fit(data).parameters, forgetting: keep, heldOutGain: gain)
    }

    /// Every skill, in parallel; `progress` gets the number of skills done.
    public func fitAll(_ data: [String: AttemptSequences], progress: @Sendable (Int) -> Void = { _ in }) async -> [String: Choice] {
        await withTaskGroup(of: (String, Choice).self) { group in
            for (skill, sequences) in data.sorted(by: { $0.value.attemptCount > $1.value.attemptCount }) {
                group.addTask { (skill, self.fit(sequences)) }
            }
            var results: [String: Choice] = [:]
            for await (skill, choice) in group {
                results[skill] = choice
                progress(results.count)
            }
            return results
        }
    }
}

extension AttemptSequences {
    /// (every sequence but each `k`-th, each `k`-th sequence).
    public func split(every k: Int) -> (AttemptSequences, AttemptSequences) {
        var kept = AttemptSequences(), held = AttemptSequences()
        for s in 0..<sequenceCount {
            let outcomes = sequence(s).map { $0 != 0 }
            if s % k == k - 1 { held.append(outcomes) } else { kept.append(outcomes) }
        }
        return (kept, held)
    }
}
