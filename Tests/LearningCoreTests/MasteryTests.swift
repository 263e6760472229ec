import Foundation
import Testing
@testable import LearningCore
import LearningSimulation

@Suite struct MasteryTests {
    @Test func untrainedModelIsTheBKTPosterior() {
        let model = MasteryModel.untrained
        #expect(abs(model.score(MasteryFeatures(pKnown: 0.42, quizAttempts: 9, helpRequests: 3)) - 42) < 1e-9)
        #expect(abs(model.probability(MasteryFeatures()) - BKTParameters.default.prior) < 1e-9, "no posterior: the default prior")
    }

    @Test func inputVectorByHand() {
        let f = MasteryFeatures(pKnown: 0.75, quizAttempts: 3, accuracy: 1.4, averageScore: 80, timeSpentMinutes: -5,
                                practiceProblems: 1, videoViews: 0, consecutiveDays: 7, helpRequests: 2)
        let v = f.vector()
        #expect(v.count == MasteryFeatures.dimension)
        #expect(abs(v[0] - log(3)) < 1e-12)
        #expect(abs(v[1] - log(4)) < 1e-12)
        #expect(v[2] == 1, "accuracy clamped to 1")
        #expect(v[3] == 0.8)
        #expect(v[4] == 0, "negative time clamped")
        #expect(abs(v[5] - log(2)) < 1e-12)
        #expect(abs(v[7] - log(8)) < 1e-12)
        #expect(abs(v[8] - log(3)) < 1e-12)
    }

    @Test func trainerReturnsUntrainedWithoutSignal() {
        let few = (0..<10).map { MasteryFeatures(pKnown: Double($0) / 10) }
        #expect(MasteryTrainer().fit(features: few, labels: few.map { $0.pKnown! > 0.5 }) == .untrained)
        let many = (0..<100).map { MasteryFeatures(pKnown: Double($0) / 100) }
        #expect(MasteryTrainer().fit(features: many, labels: Array(repeating: true, count: 100)) == .untrained, "one class only")
    }

    @Test func trainerLearnsTheDirectionOfEachSignalAndIsCalibrated() {
        var simulator = LearnerSimulator(seed: 11)
        let truth = (0..<5).map { _ in simulator.randomBKTParameters() }
        let histories = simulator.knowledgeTracingHistories(parameters: truth, learners: 1_500, skillsPerLearner: 3, attemptsPerSkill: 3...12)
        var rows: [(MasteryFeatures, Bool)] = histories.map { h in
            var f = simulator.behaviour(for: h)
            f.pKnown = truth[h.skill].pKnown(after: h.outcomes)
            return (f, h.knownAfter)
        }
        rows.shuffle(using: &simulator.generator)
        let split = rows.count * 3 / 4
        let model = MasteryTrainer().fit(features: rows[..<split].map(\.0), labels: rows[..<split].map(\.1))
        #expect(model != .untrained)
        let names = MasteryFeatures.featureNames
        #expect(model.weights[names.firstIndex(of: "logitPKnown")!] > 0)
        #expect(model.weights[names.firstIndex(of: "log1pHelpRequests")!] < 0, "knowers ask for less help in the simulator")
        let test = rows[split...]
        let probabilities = test.map { model.probability($0.0) }
        let labels = test.map(\.1)
        #expect(ModelMetrics.expectedCalibrationError(probabilities: probabilities, labels: labels) < 0.05)
        #expect(ModelMetrics.auc(scores: probabilities, labels: labels) >= ModelMetrics.auc(scores: test.map { $0.0.pKnown! }, labels: labels) - 0.01)
    }
}
