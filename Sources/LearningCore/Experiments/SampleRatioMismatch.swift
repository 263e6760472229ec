/// Sample-ratio mismatch: Pearson's chi-square of the observed assignment counts against the
/// configured weights (`scipy.stats.chisquare(observed, expected)`), flagged below p = 0.001 as
/// GrowthBook and Kohavi et al. recommend (a broken assignment or a lossy pipeline, not chance).
public struct SampleRatioMismatch: Sendable, Equatable, Codable {
    public static let threshold = 0.001

    public let chiSquare: Double
    public let pValue: Double
    public let mismatch: Bool

    public init(observed: [Double], weights: [Double]) {
        precondition(observed.count == weights.count && observed.count >= 2, "one weight per observed count")
        let total = observed.reduce(0, +), weightTotal = weights.reduce(0, +)
        guard total > 0 else {
            self.chiSquare = 0
            self.pValue = 1
            self.mismatch = false
            return
        }
        var statistic = 0.0
        for (count, weight) in zip(observed, weights) where weight > 0 {
            let expected = total * weight / weightTotal
            statistic += (count - expected) * (count - expected) / expected
        }
        self.chiSquare = statistic
        self.pValue = SpecialFunctions.chiSquareSF(statistic, df: Double(observed.count - 1))
        self.mismatch = pValue < Self.threshold
    }
}
