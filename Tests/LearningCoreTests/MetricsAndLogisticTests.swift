import Foundation
import Testing
@testable import LearningCore

@Suite struct LogisticTests {
    @Test func sigmoidAndLogit() {
        #expect(Logistic.sigmoid(0) == 0.5)
        #expect(abs(Logistic.sigmoid(2) + Logistic.sigmoid(-2) - 1) < 1e-15)
        #expect(abs(Logistic.sigmoid(log(3)) - 0.75) < 1e-12)
        #expect(Logistic.sigmoid(1_000) == 1)
        #expect(Logistic.sigmoid(-1_000) == 0)
        #expect(Logistic.logit(0.5) == 0)
        #expect(abs(Logistic.logit(0.75) - log(3)) < 1e-12)
        #expect(Logistic.logit(0, epsilon: 1e-4).isFinite && Logistic.logit(1, epsilon: 1e-4).isFinite)
    }

    @Test func solverFindsTheMaximumLikelihoodByHand() {
        // x = 0: 1 of 4 positive; x = 1: 3 of 4 positive. MLE: intercept logit(1/4) = −ln 3,
        // weight logit(3/4) − logit(1/4) = 2 ln 3.
        let x: [Double] = [0, 0, 0, 0, 1, 1, 1, 1]
        let y = [true, false, false, false, true, true, true, false]
        let fit = LogisticRegressionSolver.fit(x: x, y: y, dimension: 1, l2: 1e-9)
        #expect(abs(fit.intercept + log(3)) < 1e-6)
        #expect(abs(fit.weights[0] - 2 * log(3)) < 1e-6)
        // The same data as soft targets: each x's rows replaced by its mean gives the same optimum.
        let soft = LogisticRegressionSolver.fit(x: [0, 1], targets: [0.25, 0.75], dimension: 1, l2: 1e-9)
        #expect(abs(soft.intercept + log(3)) < 1e-6)
        #expect(abs(soft.weights[0] - 2 * log(3)) < 1e-6)
        // A strong penalty shrinks the weight towards zero.
        #expect(abs(LogisticRegressionSolver.fit(x: x, y: y, dimension: 1, l2: 100).weights[0]) < 0.1)
    }
}

@Suite struct ModelMetricsTests {
    @Test func aucByHand() {
        // Positives 0.35 and 0.8 vs negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
        #expect(ModelMetrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        #expect(ModelMetrics.auc(scores: [0.5, 0.5], labels: [true, false]) == 0.5, "ties count half")
        #expect(ModelMetrics.auc(scores: [0.9, 0.1], labels: [true, false]) == 1)
        #expect(ModelMetrics.auc(scores: [0.9, 0.1], labels: [true, true]) == 0.5, "undefined with one class")
    }

    @Test func eceByHand() {
        // Bin [0.1, 0.2): mean 0.1, rate 0 → |0.2 − 0| summed; bin [0.9, 1): predicted 1.8, observed 1.
        let ece = ModelMetrics.expectedCalibrationError(probabilities: [0.1, 0.1, 0.9, 0.9], labels: [false, false, true, false])
        #expect(abs(ece - 0.25) < 1e-12)
        #expect(ModelMetrics.expectedCalibrationError(probabilities: [0.5, 0.5], labels: [true, false]) == 0)
        #expect(ModelMetrics.expectedCalibrationError(probabilities: [], labels: []) == 0)
        // Soft targets: bin [0.3, 0.4) predicts 0.3 + 0.3, targets 0.5 + 0.2 → |0.6 − 0.7| / 2.
        #expect(abs(ModelMetrics.expectedCalibrationError(probabilities: [0.3, 0.3], targets: [0.5, 0.2]) - 0.05) < 1e-12)
    }

    @Test func ranksAndCorrelations() {
        #expect(ModelMetrics.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(abs(ModelMetrics.spearman([1, 2, 3, 4], [10, 100, 1_000, 10_000]) - 1) < 1e-12)
        #expect(abs(ModelMetrics.spearman([1, 2, 3], [3, 2, 1]) + 1) < 1e-12)
        #expect(ModelMetrics.pearson([1, 1, 1], [1, 2, 3]) == 0)
        #expect(abs(ModelMetrics.pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
    }

    @Test func logLossByHand() {
        #expect(abs(ModelMetrics.logLoss(probabilities: [0.5, 0.5], labels: [true, false]) - log(2)) < 1e-12)
        #expect(abs(ModelMetrics.logLoss(probabilities: [0.8], labels: [false]) + log(0.2)) < 1e-12)
    }
}
