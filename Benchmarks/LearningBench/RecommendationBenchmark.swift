import LearningCore
import LearningSimulation

/// Recommenders: hit-rate@5 on each held-out learner's last completion, and request latency.
struct RecommendationBenchmark {
    let trainingLearners = 2_000
    let testLearners = 1_000

    func run(_ report: inout Report) {
        var simulator = LearnerSimulator(seed: 4242)
        let data = simulator.completionHistories(
            subjects: 10, lessonsPerSubject: 100, learners: trainingLearners + testLearners, completionsPerLearner: 8...40)
        let meanLength = Double(data.histories.map(\.count).reduce(0, +)) / Double(data.histories.count)
        report.info("catalogue \(data.lessons.count) lessons in 10 subjects with prerequisite paths; \(data.histories.count) learners, \(format(meanLength, 1)) completions each on average")

        var histories = Array(data.histories[0..<trainingLearners])
        var tests: [(profile: LearnerProfile, target: String)] = []
        var oracleTests: [(profile: LearnerProfile, target: String)] = []
        let difficulty = Dictionary(uniqueKeysWithValues: data.lessons.map { ($0.id, $0.difficulty) })
        for u in trainingLearners..<(trainingLearners + testLearners) {
            let h = data.histories[u]
            guard h.count >= 2 else { continue }
            let known = Array(h.dropLast())
            histories.append(known)
            // No ground truth in the figure: ability is estimated as the API does it, by Rasch MAP from
            // the learner's quiz answers in the lessons they completed (three simulated answers per
            // lesson, drawn with the ability the learner had when taking it).
            var responses: [(difficulty: Double, correct: Bool)] = []
            for (step, lesson) in known.enumerated() {
                let d = difficulty[lesson]!
                let abilityThen = data.abilities[u] + 0.06 * Double(step)
                for _ in 0..<3 { responses.append((d, simulator.generator.bernoulli(Logistic.sigmoid(abilityThen - d)))) }
            }
            let estimated = RaschCalibrator().ability(responses: responses)
            tests.append((LearnerProfile(completed: known, mastery: [:], ability: estimated), h.last!))
            // For comparison only: the simulator's true ability before the last choice.
            oracleTests.append((LearnerProfile(completed: known, mastery: [:], ability: data.abilities[u] + 0.06 * Double(known.count)), h.last!))
        }
        let (recommender, buildSeconds) = measure { Recommender(lessons: data.lessons, completionHistories: histories) }
        report.info("index built in \(format(buildSeconds * 1000, 1)) ms; \(tests.count) held-out last completions")

        var hitRates: [RecommendationAlgorithm: Double] = [:]
        var latencies: [RecommendationAlgorithm: Double] = [:]
        for algorithm in RecommendationAlgorithm.allCases {
            var hits = 0
            let (_, seconds) = measure {
                for t in tests where recommender.recommend(for: t.profile, algorithm: algorithm, limit: 5).contains(where: { $0.lessonId == t.target }) {
                    hits += 1
                }
            }
            hitRates[algorithm] = Double(hits) / Double(tests.count)
            latencies[algorithm] = seconds / Double(tests.count)
        }
        let baseline = hitRates[.popularity]!
        for algorithm in RecommendationAlgorithm.allCases {
            let rate = hitRates[algorithm]!
            let ratio = baseline > 0 ? rate / baseline : .infinity
            let label = "Hit-rate@5 \(algorithm.rawValue)"
            let value = "\(format(rate, 3)) (\(format(ratio, 2))×)"
            switch algorithm {
            case .hybrid: report.figure(label, value, bar: "≥ 1.2× popularity", pass: ratio >= 1.2)
            case .popularity: report.figure(label + " (baseline)", value)
            default: report.figure(label, value)
            }
        }
        for algorithm in RecommendationAlgorithm.allCases {
            let ms = latencies[algorithm]! * 1000
            report.figure("Latency per request, \(algorithm.rawValue) (1,000 lessons)", "\(format(ms, 3)) ms", bar: "< 5 ms", pass: ms < 5)
        }
        for algorithm in [RecommendationAlgorithm.prerequisite, .hybrid] {
            let hits = oracleTests.filter { t in recommender.recommend(for: t.profile, algorithm: algorithm, limit: 5).contains { $0.lessonId == t.target } }.count
            report.info("with the simulator's true ability instead of the estimate: \(algorithm.rawValue) hit-rate@5 \(format(Double(hits) / Double(oracleTests.count), 3))")
        }
        let example = recommender.recommend(for: tests[0].profile, algorithm: .hybrid, limit: 1)
        if let first = example.first { report.info("example reason: \(first.reason)") }
    }
}
