import Foundation
import Testing
@testable import LearningCore

/// The filtered state never sticks: checked against exact rational arithmetic
/// (Fixtures/bkt-reference.json, written by scripts/learning/bkt-reference.py).
@Suite struct ExactFilteringTests {
    struct Case: Decodable {
        var name: String
        var parameters: BKTParameters
        var outcomes: [Int]
        var logOdds: [Double]
    }

    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bkt-reference.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    @Test func onlineUpdateMatchesTheExactReference() throws {
        let cases = try Self.cases()
        #expect(cases.count == 4)
        for c in cases {
            var state = c.parameters.initialState
            for (t, o) in c.outcomes.enumerated() {
                state = c.parameters.update(state, correct: o == 1)
                let reference = c.logOdds[t]
                #expect(abs(state.logOdds - reference) <= 1e-9 * max(1, abs(reference)), "\(c.name), attempt \(t + 1): \(state.logOdds) vs \(reference)")
            }
        }
    }

    /// The case of the issue: with the default parameters, 25 correct answers then 10 wrong ones
    /// left a single-`Double` P(known) at exactly 1.0. Exactly, P(unknown) is about 3.6e-10.
    @Test func twentyFiveCorrectThenTenWrongIsNotStuck() throws {
        let p = BKTParameters.default
        let outcomes = Array(repeating: true, count: 25) + Array(repeating: false, count: 10)
        let state = p.state(after: outcomes)
        let reference = try #require(try Self.cases().first { $0.name.hasPrefix("25 correct") }?.logOdds.last)
        #expect(abs(state.logOdds - reference) < 1e-9 * reference)
        #expect(state.pKnown < 1)
        #expect(abs(state.pUnknown - 1 / (1 + exp(reference))) < 1e-18)
        // The wrong answers moved the state: each lowered it.
        var s = p.state(after: outcomes.prefix(25))
        for _ in 0..<10 {
            let next = p.update(s, correct: false)
            #expect(next.logOdds < s.logOdds)
            s = next
        }
        // What the single-Double update did: the posterior rounds to 1.0 and stays there.
        var naive = p.prior
        for c in outcomes {
            let k = c ? naive * (1 - p.slip) : naive * p.slip
            let u = c ? (1 - naive) * p.guess : (1 - naive) * (1 - p.guess)
            let post = k / (k + u)
            naive = post + (1 - post) * p.learn
        }
        #expect(naive == 1.0, "the old arithmetic really was stuck, so this test can fail on it")
    }

    /// No sequence of 10,000 answers leaves a certain state: the log-odds stay finite, and every
    /// answer moves them in its direction.
    @Test func tenThousandAnswersNeverReachCertainty() {
        var generator = SeededGenerator(seed: 10_000)
        let parameterSets = [
            BKTParameters.default,
            BKTParameters(prior: 0.9, learn: 0.4, guess: 0.01, slip: 0.01),
            BKTParameters(prior: 0.1, learn: 0.0, guess: 0.45, slip: 0.45, forget: 0),
            BKTParameters(prior: 0.5, learn: 0.2, guess: 0.3, slip: 0.2, forget: 0.1),
        ]
        for p in parameterSets {
            for pattern in 0..<4 {
                var state = p.initialState
                for t in 0..<10_000 {
                    let correct: Bool
                    switch pattern {
                    case 0: correct = true
                    case 1: correct = false
                    case 2: correct = generator.bernoulli(0.5)
                    default: correct = t < 9_990 // a long run of right answers, then wrong ones
                    }
                    let next = p.update(state, correct: correct)
                    #expect(next.logOdds.isFinite, "\(p), pattern \(pattern), attempt \(t)")
                    if !next.logOdds.isFinite { break }
                    state = next
                }
                // Whatever came before, the next answer still matters: a right one leaves the learner
                // more likely to know the skill than a wrong one (a stuck state gives both the same).
                #expect(p.update(state, correct: false).logOdds < p.update(state, correct: true).logOdds, "\(p), pattern \(pattern)")
            }
        }
    }

    /// The fitter's forward pass carries the same exact pair: its log-likelihood on a sequence that
    /// drives P(unknown) below 1e-16 equals a log-space computation.
    @Test func fitterLikelihoodIsExactOnLongSequences() {
        let p = BKTParameters(prior: 0.3, learn: 0.15, guess: 0.2, slip: 0.1)
        let outcomes = Array(repeating: true, count: 40) + Array(repeating: false, count: 20) + Array(repeating: true, count: 5)
        var reference = 0.0
        var state = p.initialState
        for c in outcomes {
            let pc = p.probabilityCorrect(state)
            reference += log(c ? pc : p.slip * state.pKnown + (1 - p.guess) * state.pUnknown)
            state = p.update(state, correct: c)
        }
        let ll = BKTFitter.logLikelihood(p, AttemptSequences([outcomes]))
        #expect(abs(ll - reference) < 1e-9 * abs(reference))
    }
}
