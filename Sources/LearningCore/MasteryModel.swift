import Foundation

/// The mastery model: P(mastered) for a learner and skill from the BKT posterior and behaviour,
/// reported as a 0–100 score.
///
/// Why regularised logistic regression rather than gradient-boosted trees: its output is already
/// a probability that is well calibrated by construction (maximum likelihood on log-loss), so a
/// one-dimensional Platt correction fitted on held-out rows is enough to make the 0–100 score mean
/// what it says; it costs nine multiply-adds per prediction (~100 ns), trains in milliseconds by
/// Newton's method, and each weight is readable ("one more help request lowers the log-odds by w"),
/// which matters when a learner asks why their score moved. The BKT posterior enters as a logit, so
/// with all behavioural weights at zero the model reduces to a recalibrated BKT.
public struct MasteryModel: Codable, Sendable, Hashable {
    /// Names of the inputs, in `weights` order (see `MasteryFeatures.featureNames`).
    public var featureNames: [String]
    /// Standardisation: input j is used as (x_j − means[j]) / scales[j].
    public var means: [Double]
    public var scales: [Double]
    public var weights: [Double]
    public var intercept: Double
    /// Platt calibration of the linear score: P = sigmoid(calibrationSlope · z + calibrationIntercept).
    public var calibrationSlope: Double
    public var calibrationIntercept: Double
    /// P(known) assumed when a request carries no BKT posterior.
    public var defaultPKnown: Double

    public init(
        featureNames: [String] = MasteryFeatures.featureNames, means: [Double], scales: [Double],
        weights: [Double], intercept: Double, calibrationSlope: Double = 1, calibrationIntercept: Double = 0,
        defaultPKnown: Double = BKTParameters.default.prior
    ) {
        precondition(means.count == MasteryFeatures.dimension && scales.count == means.count && weights.count == means.count)
        self.featureNames = featureNames
        self.means = means
        self.scales = scales
        self.weights = weights
        self.intercept = intercept
        self.calibrationSlope = calibrationSlope
        self.calibrationIntercept = calibrationIntercept
        self.defaultPKnown = defaultPKnown
    }

    /// The model before any training: the BKT posterior alone, so mastery = 100 · P(known).
    public static let untrained = MasteryModel(
        means: .init(repeating: 0, count: MasteryFeatures.dimension),
        scales: .init(repeating: 1, count: MasteryFeatures.dimension),
        weights: [1] + .init(repeating: 0, count: MasteryFeatures.dimension - 1),
        intercept: 0
    )

    /// Uncalibrated log-odds of mastery.
    @inlinable
    public func linearScore(_ features: MasteryFeatures) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: MasteryFeatures.dimension) { buffer in
            let v = buffer.baseAddress!
            features.writeVector(into: v, defaultPKnown: defaultPKnown)
            var z = intercept
            for j in 0..<MasteryFeatures.dimension {
                z += weights[j] * (v[j] - means[j]) / scales[j]
            }
            return z
        }
    }

    /// Calibrated probability that the skill is mastered.
    @inlinable
    public func probability(_ features: MasteryFeatures) -> Double {
        Logistic.sigmoid(calibrationSlope * linearScore(features) + calibrationIntercept)
    }

    /// The 0–100 mastery score of the API: 100 × the calibrated probability.
    @inlinable
    public func score(_ features: MasteryFeatures) -> Double {
        100 * probability(features)
    }
}
