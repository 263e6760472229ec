/// CUPED (Deng et al. 2013): regress each learner's metric on their pre-experiment activity with
/// one θ pooled over the variants, and compare the adjusted means ȳ − θ(x̄ − x̄_all). The adjusted
/// variance is s²_y − 2θ s_xy + θ² s²_x; the reduction 1 − that/s²_y is reported.
public struct CUPED: Sendable, Equatable {
    public let theta: Double
    /// Per variant, the adjusted sample (same n; mean and variance of y − θ(x − x̄_all)).
    public let adjusted: [SampleSummary]
    /// 1 − Σ adjusted variance / Σ raw variance over the variants (0 when x explains nothing).
    public let varianceReduction: Double

    /// nil when the covariate has no variance (no pre-period data): nothing to adjust with.
    public init?(_ samples: [SampleSummary]) {
        var covariance = 0.0, covariateVariance = 0.0, n = 0.0, xTotal = 0.0
        for sample in samples where sample.n > 1 {
            covariance += sample.covariance * (sample.n - 1)
            covariateVariance += sample.covariateVariance * (sample.n - 1)
        }
        for sample in samples { n += sample.n; xTotal += sample.covariateSum }
        guard covariateVariance > 0, n > 0 else { return nil }
        let theta = covariance / covariateVariance
        let xMean = xTotal / n
        var rawVariance = 0.0, adjustedVariance = 0.0
        self.adjusted = samples.map { sample in
            let mean = sample.mean - theta * (sample.covariateMean - xMean)
            let variance = max(0, sample.variance - 2 * theta * sample.covariance + theta * theta * sample.covariateVariance)
            rawVariance += sample.variance
            adjustedVariance += variance
            // A summary with exactly that mean and variance, so the ordinary tests apply unchanged.
            let sum = mean * sample.n
            let sumSquares = variance * (sample.n - 1) + sum * sum / max(sample.n, 1)
            return SampleSummary(n: sample.n, sum: sum, sumSquares: sumSquares)
        }
        self.theta = theta
        self.varianceReduction = rawVariance > 0 ? 1 - adjustedVariance / rawVariance : 0
    }
}
