import Foundation

/// Trains a `MasteryModel` from labelled examples (features, mastered or not).
public struct MasteryTrainer: Sendable {
    /// L2 penalty on the standardised weights.
    public var l2: Double
    /// Fraction of the examples held back to fit the calibration, not the weights; calibration
    /// fitted on the training rows would inherit any overfitting it is meant to correct.
    public var calibrationFraction: Double

    public init(l2: Double = 1.0, calibrationFraction: Double = 0.2) {
        self.l2 = l2
        self.calibrationFraction = calibrationFraction
    }

    /// Fits the model. Examples should be in random order (the calibration split is the tail).
    /// With fewer than 20 examples or a single class there is nothing to learn, and the untrained
    /// model is returned.
    public func fit(features: [MasteryFeatures], labels: [Bool], defaultPKnown: Double = BKTParameters.default.prior) -> MasteryModel {
        fit(features: features, targets: labels.map { $0 ? 1 : 0 }, defaultPKnown: defaultPKnown)
    }

    /// Fits against probabilities rather than labels, e.g. the hindsight P(known) that later
    /// attempts give (`BKTParameters.smoothedKnown`); targets are clamped to [0, 1].
    public func fit(features: [MasteryFeatures], targets raw: [Double], defaultPKnown: Double = BKTParameters.default.prior) -> MasteryModel {
        precondition(features.count == raw.count)
        let labels = raw.map { min(max($0.isFinite ? $0 : 0, 0), 1) }
        let d = MasteryFeatures.dimension
        let n = features.count
        let positives = labels.reduce(0, +)
        guard n >= 20, positives > 1e-9, positives < Double(n) - 1e-9 else { return .untrained }
        let calibrationCount = min(n / 2, max(10, Int(Double(n) * calibrationFraction)))
        let trainCount = n - calibrationCount

        var x = [Double](repeating: 0, count: n * d)
        x.withUnsafeMutableBufferPointer { xs in
            for (r, f) in features.enumerated() {
                f.writeVector(into: xs.baseAddress! + r * d, defaultPKnown: defaultPKnown)
            }
        }
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 0, count: d)
        for r in 0..<trainCount { for j in 0..<d { means[j] += x[r * d + j] } }
        for j in 0..<d { means[j] /= Double(trainCount) }
        for r in 0..<trainCount { for j in 0..<d { let c = x[r * d + j] - means[j]; scales[j] += c * c } }
        // A constant input gets scale 1, so its standardised value is 0 rather than NaN.
        for j in 0..<d { let s = (scales[j] / Double(trainCount)).squareRoot(); scales[j] = s > 1e-12 ? s : 1 }
        var standardised = x
        for r in 0..<n { for j in 0..<d { standardised[r * d + j] = (x[r * d + j] - means[j]) / scales[j] } }

        let fit = LogisticRegressionSolver.fit(
            x: Array(standardised[0..<(trainCount * d)]), targets: Array(labels[0..<trainCount]), dimension: d, l2: l2)
        var model = MasteryModel(
            means: means, scales: scales, weights: fit.weights, intercept: fit.intercept, defaultPKnown: defaultPKnown)

        let holdout = features[trainCount...].map { model.linearScore($0) }
        let platt = LogisticRegressionSolver.fit(
            x: holdout, targets: Array(labels[trainCount...]), dimension: 1, l2: 1e-6)
        model.calibrationSlope = platt.weights[0]
        model.calibrationIntercept = platt.intercept
        return model
    }
}
