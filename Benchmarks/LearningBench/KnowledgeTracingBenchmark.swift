import LearningCore
import LearningSimulation

/// BKT: fit time, parameter recovery and next-attempt AUC against the generating parameters.
struct KnowledgeTracingBenchmark {
    let skills = 20
    let learners = 2_000
    let heldOutLearners = 1_000

    struct Outcome {
        var model: BKTModel
        var truth: [BKTParameters]
        var heldOut: [LearnerSimulator.SkillHistory]
        var training: [LearnerSimulator.SkillHistory]
    }

    func run(_ report: inout Report) async -> Outcome {
        var simulator = LearnerSimulator(seed: 2024)
        let truth = (0..<skills).map { _ in simulator.randomBKTParameters() }
        let training = simulator.knowledgeTracingHistories(
            parameters: truth, learners: learners, skillsPerLearner: 5, attemptsPerSkill: 4...16)
        let heldOut = simulator.knowledgeTracingHistories(
            parameters: truth, learners: heldOutLearners, skillsPerLearner: 5, attemptsPerSkill: 4...16)

        var data = [String: AttemptSequences]()
        for h in training { data["skill\(h.skill)", default: AttemptSequences()].append(h.outcomes) }
        let attempts = data.values.reduce(0) { $0 + $1.attemptCount }
        report.info("BKT data: \(learners) learners × \(skills) skills, \(attempts) attempts (5 skills per learner, 4–16 attempts each)")

        let fitter = BKTFitter()
        let (results, seconds) = await measureAsync { await fitter.fitAll(data) }
        report.figure("BKT fit time (\(attempts) attempts, release)", "\(format(seconds, 3)) s", bar: "< 2 s", pass: seconds < 2)

        var errors: [Double] = []
        var worst = 0.0
        for k in 0..<skills {
            let fitted = results["skill\(k)"]!.parameters
            let t = truth[k]
            let e = [fitted.prior - t.prior, fitted.learn - t.learn, fitted.guess - t.guess, fitted.slip - t.slip].map(abs)
            errors += e
            worst = max(worst, e.max()!)
        }
        let mae = errors.reduce(0, +) / Double(errors.count)
        report.figure("BKT parameter recovery, mean absolute error", format(mae), bar: "≤ 0.03", pass: mae <= 0.03)
        report.info("largest single-parameter error \(format(worst)); EM iterations per skill ≈ \(results.values.map(\.iterations).reduce(0, +) / skills)")

        let model = BKTModel(skills: results.mapValues(\.parameters))
        var fittedScores: [Double] = [], oracleScores: [Double] = [], labels: [Bool] = []
        for h in heldOut {
            let fitted = model.parameters(for: "skill\(h.skill)")
            let oracle = truth[h.skill]
            var pf = fitted.prior, po = oracle.prior
            for c in h.outcomes {
                fittedScores.append(fitted.probabilityCorrect(pKnown: pf))
                oracleScores.append(oracle.probabilityCorrect(pKnown: po))
                labels.append(c)
                pf = fitted.update(pKnown: pf, correct: c)
                po = oracle.update(pKnown: po, correct: c)
            }
        }
        let aucFitted = ModelMetrics.auc(scores: fittedScores, labels: labels)
        let aucOracle = ModelMetrics.auc(scores: oracleScores, labels: labels)
        report.figure("Next-attempt AUC fitted (held-out \(heldOutLearners) learners)", format(aucFitted), bar: "oracle − 0.01", pass: aucFitted >= aucOracle - 0.01)
        report.info("oracle AUC \(format(aucOracle)), difference \(format(aucFitted - aucOracle))")
        return Outcome(model: model, truth: truth, heldOut: heldOut, training: training)
    }
}
