import Foundation

/// Fixed-horizon intervals and tests, each matching the SciPy/statsmodels routine named on it
/// (checked to 1e-9 by `ExperimentStatisticsFixtureTests` against `scripts/experiments/reference_statistics.py`).
public enum FrequentistTests {
    /// The two-sided critical value z_{1−α/2}.
    public static func zCritical(alpha: Double) -> Double { SpecialFunctions.normalQuantile(1 - alpha / 2) }

    /// Wilson score interval for a proportion (`statsmodels proportion_confint(method="wilson")`).
    public static func wilsonInterval(successes: Double, n: Double, alpha: Double = 0.05) -> Interval {
        guard n > 0 else { return Interval(0, 1) }
        let q = successes / n, z = zCritical(alpha: alpha), z2 = z * z
        let denominator = 1 + z2 / n
        let center = (q + z2 / (2 * n)) / denominator
        let distance = z * (q * (1 - q) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return Interval(center - distance, center + distance)
    }

    /// Student t interval for one mean (`scipy.stats.t.interval(1 − α, n − 1, mean, sem)`).
    public static func meanInterval(_ sample: SampleSummary, alpha: Double = 0.05) -> Interval {
        guard sample.n > 1 else { return Interval(-.infinity, .infinity) }
        let half = SpecialFunctions.studentTQuantile(1 - alpha / 2, df: sample.n - 1) * (sample.variance / sample.n).squareRoot()
        return Interval(sample.mean - half, sample.mean + half)
    }

    /// Pooled two-proportion z-test of treatment against control
    /// (`statsmodels proportions_ztest([xB, xA], [nB, nA])`). With no spread at all (both 0 % or
    /// both 100 %) there is no evidence of a difference: p = 1.
    public static func twoProportionZTest(control: SampleSummary, treatment: SampleSummary) -> TestResult {
        let pooled = (control.sum + treatment.sum) / (control.n + treatment.n)
        let se = (pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n)).squareRoot()
        guard se > 0, se.isFinite else { return TestResult(statistic: 0, pValue: 1, degreesOfFreedom: .infinity) }
        let z = (treatment.mean - control.mean) / se
        return TestResult(statistic: z, pValue: min(1, 2 * SpecialFunctions.normalSF(abs(z))), degreesOfFreedom: .infinity)
    }

    /// Unpooled (Wald) interval of the difference of proportions
    /// (`statsmodels confint_proportions_2indep(xB, nB, xA, nA, method="wald")`).
    public static func proportionDifferenceInterval(control: SampleSummary, treatment: SampleSummary, alpha: Double = 0.05) -> Interval {
        let pA = control.mean, pB = treatment.mean
        let se = (pA * (1 - pA) / control.n + pB * (1 - pB) / treatment.n).squareRoot()
        let half = zCritical(alpha: alpha) * se
        return Interval(pB - pA - half, pB - pA + half)
    }

    /// Welch–Satterthwaite degrees of freedom of the difference of two means.
    public static func welchDegreesOfFreedom(control: SampleSummary, treatment: SampleSummary) -> Double {
        let vA = control.variance / control.n, vB = treatment.variance / treatment.n
        let denominator = vA * vA / (control.n - 1) + vB * vB / (treatment.n - 1)
        return denominator > 0 ? (vA + vB) * (vA + vB) / denominator : .infinity
    }

    /// Welch's unequal-variance t-test
    /// (`scipy.stats.ttest_ind_from_stats(mB, sB, nB, mA, sA, nA, equal_var=False)`). With zero
    /// variance in both, p is 1 for equal means and 0 otherwise.
    public static func welchTTest(control: SampleSummary, treatment: SampleSummary) -> TestResult {
        let se = (control.variance / control.n + treatment.variance / treatment.n).squareRoot()
        let difference = treatment.mean - control.mean
        guard control.n > 1, treatment.n > 1, se > 0 else {
            return TestResult(statistic: 0, pValue: difference == 0 || control.n < 2 || treatment.n < 2 ? 1 : 0, degreesOfFreedom: .nan)
        }
        let df = welchDegreesOfFreedom(control: control, treatment: treatment)
        let t = difference / se
        return TestResult(statistic: t, pValue: min(1, 2 * SpecialFunctions.studentTSF(abs(t), df: df)), degreesOfFreedom: df)
    }

    /// Welch interval of the difference of means, treatment − control.
    public static func welchDifferenceInterval(control: SampleSummary, treatment: SampleSummary, alpha: Double = 0.05) -> Interval {
        let se = (control.variance / control.n + treatment.variance / treatment.n).squareRoot()
        let difference = treatment.mean - control.mean
        guard control.n > 1, treatment.n > 1, se > 0 else { return Interval(difference, difference) }
        let df = welchDegreesOfFreedom(control: control, treatment: treatment)
        let half = SpecialFunctions.studentTQuantile(1 - alpha / 2, df: df) * se
        return Interval(difference - half, difference + half)
    }

    /// Relative lift μB/μA − 1 and its delta-method interval, with the variance of the ratio of two
    /// independent means σB²/(nB μA²) + μB² σA²/(nA μA⁴) (GrowthBook's frequentist engine).
    /// nil when the control mean is 0 (the ratio is undefined).
    public static func relativeLift(control: SampleSummary, treatment: SampleSummary, alpha: Double = 0.05) -> (lift: Double, interval: Interval)? {
        let mA = control.mean, mB = treatment.mean
        guard mA != 0, control.n > 0, treatment.n > 0 else { return nil }
        let variance = treatment.variance / (treatment.n * mA * mA) + mB * mB * control.variance / (control.n * mA * mA * mA * mA)
        let lift = mB / mA - 1
        let half = zCritical(alpha: alpha) * variance.squareRoot()
        return (lift, Interval(lift - half, lift + half))
    }
}
