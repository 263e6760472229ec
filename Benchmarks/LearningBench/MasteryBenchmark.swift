import LearningCore
import LearningSimulation

/// Mastery: calibration (ECE) on held-out learners and per-prediction latency.
struct MasteryBenchmark {
    func run(_ report: inout Report, knowledgeTracing kt: KnowledgeTracingBenchmark.Outcome) {
        var simulator = LearnerSimulator(seed: 77)
        func examples(_ histories: [LearnerSimulator.SkillHistory]) -> ([MasteryFeatures], [Bool]) {
            var features: [MasteryFeatures] = [], labels: [Bool] = []
            for h in histories {
                var f = simulator.behaviour(for: h)
                f.pKnown = kt.model.parameters(for: "skill\(h.skill)").pKnown(after: h.outcomes)
                features.append(f)
                labels.append(h.knownAfter)
            }
            return (features, labels)
        }
        // Training rows in random order so the trainer's calibration split is a random sample.
        var training = Array(zip(examples(kt.training).0, examples(kt.training).1))
        training.shuffle(using: &simulator.generator)
        let (heldOutFeatures, heldOutLabels) = examples(kt.heldOut)

        let (model, seconds) = measure { MasteryTrainer().fit(features: training.map(\.0), labels: training.map(\.1)) }
        let probabilities = heldOutFeatures.map { model.probability($0) }
        let ece = ModelMetrics.expectedCalibrationError(probabilities: probabilities, labels: heldOutLabels, bins: 10)
        report.figure("Mastery score calibration, ECE (10 bins, held-out)", format(ece), bar: "≤ 0.05", pass: ece <= 0.05)
        let auc = ModelMetrics.auc(scores: probabilities, labels: heldOutLabels)
        let bktOnly = heldOutFeatures.map { $0.pKnown! }
        report.info("\(training.count) training rows fitted in \(format(seconds * 1000, 1)) ms; held-out \(heldOutLabels.count) rows: AUC \(format(auc)) vs BKT posterior alone \(format(ModelMetrics.auc(scores: bktOnly, labels: heldOutLabels))); ECE of BKT posterior alone \(format(ModelMetrics.expectedCalibrationError(probabilities: bktOnly, labels: heldOutLabels)))")
        report.info("weights: " + zip(model.featureNames, model.weights).map { "\($0) \(format($1, 2))" }.joined(separator: ", "))

        let rounds = 2_000_000
        var sink = 0.0
        let (_, latency) = measure {
            for r in 0..<rounds { sink += model.score(heldOutFeatures[r % heldOutFeatures.count]) }
        }
        let nanoseconds = latency / Double(rounds) * 1e9
        report.figure("Mastery prediction latency", "\(format(nanoseconds, 0)) ns", bar: "< 50 µs", pass: nanoseconds < 50_000)
        if sink.isNaN { print("unreachable") }
    }
}
