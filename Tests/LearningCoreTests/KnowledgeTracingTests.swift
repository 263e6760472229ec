import Testing
@testable import LearningCore
import LearningSimulation

@Suite struct BKTParametersTests {
    let p = BKTParameters(prior: 0.3, learn: 0.15, guess: 0.2, slip: 0.1)

    @Test func onlineUpdateMatchesBayesByHand() {
        // Correct: P(K|c) = 0.3·0.9 / (0.3·0.9 + 0.7·0.2) = 0.27 / 0.41; then learn: + (1 − ·)·0.15.
        let afterCorrect = 0.27 / 0.41 + (1 - 0.27 / 0.41) * 0.15
        #expect(abs(p.update(pKnown: 0.3, correct: true) - afterCorrect) < 1e-12)
        #expect(abs(afterCorrect - 0.709756) < 1e-6)
        // Incorrect: 0.3·0.1 / (0.03 + 0.7·0.8) = 0.03 / 0.59.
        let afterWrong = 0.03 / 0.59 + (1 - 0.03 / 0.59) * 0.15
        #expect(abs(p.update(pKnown: 0.3, correct: false) - afterWrong) < 1e-12)
        #expect(abs(afterWrong - 0.193220) < 1e-6)
        #expect(abs(p.probabilityCorrect(pKnown: 0.5) - 0.55) < 1e-12)
    }

    @Test func forgettingMovesKnownToUnknown() {
        var q = p
        q.forget = 0.1
        let posterior = 0.27 / 0.41
        #expect(abs(q.update(pKnown: 0.3, correct: true) - (posterior * 0.9 + (1 - posterior) * 0.15)) < 1e-12)
    }

    @Test func sequenceFoldsTheUpdate() {
        let outcomes = [true, false, true]
        var manual = p.prior
        for c in outcomes { manual = p.update(pKnown: manual, correct: c) }
        #expect(p.pKnown(after: outcomes) == manual)
        #expect(p.pKnown(after: []) == p.prior)
        // Evidence moves the posterior the right way.
        #expect(p.pKnown(after: Array(repeating: true, count: 10)) > 0.99)
        #expect(p.pKnown(after: [false, false]) < p.prior)
    }

    /// Smoothing checked against brute force: enumerate every hidden path of a short sequence.
    @Test func smoothingMatchesEnumerationOfHiddenPaths() {
        var q = p
        q.forget = 0.05
        let outcomes = [false, true, false, true]
        let n = outcomes.count
        var marginal = [Double](repeating: 0, count: n)
        var total = 0.0
        for mask in 0..<(1 << n) {
            let known = (0..<n).map { mask & (1 << $0) != 0 }
            var probability = known[0] ? q.prior : 1 - q.prior
            for t in 0..<n {
                if t > 0 {
                    probability *= known[t - 1] ? (known[t] ? 1 - q.forget : q.forget) : (known[t] ? q.learn : 1 - q.learn)
                }
                probability *= known[t] ? (outcomes[t] ? 1 - q.slip : q.slip) : (outcomes[t] ? q.guess : 1 - q.guess)
            }
            total += probability
            for t in 0..<n where known[t] { marginal[t] += probability }
        }
        let smoothed = q.smoothedKnown(outcomes)
        for t in 0..<n { #expect(abs(smoothed[t] - marginal[t] / total) < 1e-12, "t = \(t)") }
        #expect(q.smoothedKnown([]).isEmpty)
        // The last attempt has no later evidence: smoothing equals filtering there.
        let last = q.smoothedKnown([true])[0]
        #expect(abs(last - 0.27 / 0.41) < 1e-12)
    }

    @Test func validity() {
        #expect(p.isValid)
        #expect(!BKTParameters(prior: 0.3, learn: 0.1, guess: 0.6, slip: 0.4).isValid, "guess + slip ≥ 1 inverts the states")
        #expect(!BKTParameters(prior: 1.2, learn: 0.1, guess: 0.2, slip: 0.1).isValid)
        #expect(!BKTParameters(prior: .nan, learn: 0.1, guess: 0.2, slip: 0.1).isValid)
    }

    @Test func modelFallsBackAndStartsFromThePrior() {
        let fitted = BKTParameters(prior: 0.5, learn: 0.2, guess: 0.1, slip: 0.05)
        let model = BKTModel(skills: ["a": fitted])
        #expect(model.parameters(for: "a") == fitted)
        #expect(model.parameters(for: "zzz") == .default)
        #expect(model.update(skill: "a", pKnown: nil, correct: true) == fitted.update(pKnown: 0.5, correct: true))
        #expect(model.update(skill: "a", pKnown: 0.9, correct: false) == fitted.update(pKnown: 0.9, correct: false))
    }
}

@Suite struct AttemptSequencesTests {
    @Test func flattensAndSkipsEmptySequences() {
        let data = AttemptSequences([[true, false], [], [true]])
        #expect(data.sequenceCount == 2)
        #expect(data.attemptCount == 3)
        #expect(Array(data.sequence(0)) == [1, 0])
        #expect(Array(data.sequence(1)) == [1])
        #expect(data.starts == [0, 2, 3])
    }
}

@Suite struct BKTFitterTests {
    @Test func emptyDataGivesTheDefaults() {
        let result = BKTFitter().fit(AttemptSequences())
        #expect(result.parameters == .default)
        #expect(result.iterations == 0)
    }

    @Test func recoversGeneratingParameters() {
        var simulator = LearnerSimulator(seed: 7)
        let truth = BKTParameters(prior: 0.35, learn: 0.2, guess: 0.15, slip: 0.1)
        let histories = simulator.knowledgeTracingHistories(parameters: [truth], learners: 3_000, skillsPerLearner: 1, attemptsPerSkill: 4...16)
        let result = BKTFitter().fit(AttemptSequences(histories.map(\.outcomes)))
        let fitted = result.parameters
        #expect(result.attempts == histories.reduce(0) { $0 + $1.outcomes.count })
        for (name, a, b) in [("prior", fitted.prior, truth.prior), ("learn", fitted.learn, truth.learn),
                             ("guess", fitted.guess, truth.guess), ("slip", fitted.slip, truth.slip)] {
            #expect(abs(a - b) < 0.04, "\(name): fitted \(a), truth \(b)")
        }
        #expect(result.logLikelihood < 0 && result.logLikelihood.isFinite)
    }

    @Test func identifiabilityRuleHoldsWithoutCaps() {
        // Learners who answer at random: nothing separates the states, and the fit must still
        // keep a known learner more likely to be right than an unknown one.
        var generator = SeededGenerator(seed: 3)
        let sequences = (0..<500).map { _ in (0..<8).map { _ in generator.bernoulli(0.5) } }
        let fitted = BKTFitter().fit(AttemptSequences(sequences)).parameters
        #expect(fitted.guess < 1 - fitted.slip - 0.01)
        #expect(fitted.isValid)
    }

    /// Guess and slip well above the old 0.3 cap are recovered, as real skills need.
    @Test func recoversHighGuessAndSlip() {
        var simulator = LearnerSimulator(seed: 8)
        let truth = BKTParameters(prior: 0.3, learn: 0.15, guess: 0.42, slip: 0.35)
        let histories = simulator.knowledgeTracingHistories(parameters: [truth], learners: 6_000, skillsPerLearner: 1, attemptsPerSkill: 10...30)
        let fitted = BKTFitter().fit(AttemptSequences(histories.map(\.outcomes))).parameters
        #expect(abs(fitted.guess - truth.guess) < 0.04, "\(fitted)")
        #expect(abs(fitted.slip - truth.slip) < 0.04, "\(fitted)")
        #expect(fitted.guess > 0.3 && fitted.slip > 0.3)
    }

    /// Forgetting is fitted when asked and recovered from data that forgets.
    @Test func fitsForgetting() {
        var simulator = LearnerSimulator(seed: 12)
        let truth = BKTParameters(prior: 0.3, learn: 0.25, guess: 0.2, slip: 0.1, forget: 0.1)
        let histories = simulator.knowledgeTracingHistories(parameters: [truth], learners: 5_000, skillsPerLearner: 1, attemptsPerSkill: 10...30)
        let data = AttemptSequences(histories.map(\.outcomes))
        let standard = BKTFitter().fit(data)
        let forgetting = BKTFitter().forgetting(true).fit(data)
        #expect(standard.parameters.forget == 0)
        #expect(abs(forgetting.parameters.forget - truth.forget) < 0.03, "\(forgetting.parameters)")
        #expect(forgetting.logLikelihood > standard.logLikelihood + 10)
    }

    @Test func fitAllFitsEverySkill() async {
        let data = ["a": AttemptSequences([[true, true, false, true]]), "b": AttemptSequences([[false, true]])]
        let results = await BKTFitter().fitAll(data)
        #expect(Set(results.keys) == ["a", "b"])
        #expect(results["a"]?.attempts == 4)
    }
}
