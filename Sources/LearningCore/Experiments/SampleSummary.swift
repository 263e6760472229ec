/// What the statistics need of one variant's observations of one metric: the count, the sum and
/// the sum of squares (the database aggregates these; no observation list crosses into Swift), and
/// for CUPED the pre-period covariate's sums.
public struct SampleSummary: Sendable, Equatable, Codable {
    public var n: Double
    public var sum: Double
    public var sumSquares: Double
    /// Pre-experiment covariate x: Σx, Σx², Σxy (zero when there is none).
    public var covariateSum: Double
    public var covariateSumSquares: Double
    public var crossSum: Double

    public init(n: Double, sum: Double, sumSquares: Double, covariateSum: Double = 0, covariateSumSquares: Double = 0, crossSum: Double = 0) {
        self.n = n
        self.sum = sum
        self.sumSquares = sumSquares
        self.covariateSum = covariateSum
        self.covariateSumSquares = covariateSumSquares
        self.crossSum = crossSum
    }

    /// From raw observations (tests and simulations); `covariates` pairs with `values` when given.
    public init(values: [Double], covariates: [Double]? = nil) {
        self.init(n: Double(values.count), sum: values.reduce(0, +), sumSquares: values.reduce(0) { $0 + $1 * $1 })
        if let covariates {
            precondition(covariates.count == values.count, "one covariate per value")
            covariateSum = covariates.reduce(0, +)
            covariateSumSquares = covariates.reduce(0) { $0 + $1 * $1 }
            crossSum = zip(values, covariates).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    /// A conversion metric: `conversions` ones among `n` observations.
    public static func conversions(_ conversions: Double, of n: Double) -> SampleSummary {
        SampleSummary(n: n, sum: conversions, sumSquares: conversions)
    }

    public var mean: Double { n > 0 ? sum / n : 0 }

    /// The sample variance with n − 1 in the denominator (0 below two observations).
    public var variance: Double {
        guard n > 1 else { return 0 }
        return max(0, (sumSquares - sum * sum / n) / (n - 1))
    }

    public var standardDeviation: Double { variance.squareRoot() }

    public var covariateMean: Double { n > 0 ? covariateSum / n : 0 }

    public var covariateVariance: Double {
        guard n > 1 else { return 0 }
        return max(0, (covariateSumSquares - covariateSum * covariateSum / n) / (n - 1))
    }

    public var covariance: Double {
        guard n > 1 else { return 0 }
        return (crossSum - sum * covariateSum / n) / (n - 1)
    }

    /// Merges two disjoint samples (the simulations add one day's observations at a time).
    public static func + (lhs: SampleSummary, rhs: SampleSummary) -> SampleSummary {
        SampleSummary(n: lhs.n + rhs.n, sum: lhs.sum + rhs.sum, sumSquares: lhs.sumSquares + rhs.sumSquares,
                      covariateSum: lhs.covariateSum + rhs.covariateSum, covariateSumSquares: lhs.covariateSumSquares + rhs.covariateSumSquares,
                      crossSum: lhs.crossSum + rhs.crossSum)
    }
}
