import Foundation

/// Probability that the treatment beats the control, as GrowthBook's Bayesian engine reports it.
public enum BayesianComparison {
    /// P(pB > pA) with independent Beta(1 + x, 1 + n − x) posteriors (uniform priors), by the exact
    /// finite sum of Evan Miller's "Formulas for Bayesian A/B testing":
    /// Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)).
    /// The sum runs over whichever of the four shape parameters is smallest (by the symmetries
    /// P(pB > pA) = 1 − P(pA > pB) and p ↔ 1 − p), each term from the previous one by its ratio and
    /// re-anchored on the exact log-beta every 1,024 terms, so a million conversions cost milliseconds.
    public static func probabilityToBeatControl(control: SampleSummary, treatment: SampleSummary) -> Double {
        let aA = 1 + control.sum, bA = 1 + control.n - control.sum
        let aB = 1 + treatment.sum, bB = 1 + treatment.n - treatment.sum
        // P(pB > pA) = sum(aA, bA, aB, bB) with the loop over aB; the three rearrangements let the
        // loop run over the smallest integer shape.
        let smallest = min(aA, bA, aB, bB)
        switch smallest {
        case aB: return missSum(aA: aA, bA: bA, aB: aB, bB: bB)
        case aA: return 1 - missSum(aA: aB, bA: bB, aB: aA, bB: bA)
        case bA: return missSum(aA: bB, bA: aB, aB: bA, bB: aA)
        default: return 1 - missSum(aA: bA, bA: aA, aB: bB, bB: aB)
        }
    }

    /// Σ_{i=0}^{aB−1} exp(log term_i), summed with a running maximum so no term underflows alone.
    static func missSum(aA: Double, bA: Double, aB: Double, bB: Double) -> Double {
        let count = Int(aB.rounded())
        func exactLogTerm(_ i: Double) -> Double {
            SpecialFunctions.logBeta(aA + i, bA + bB) - log(bB + i) - SpecialFunctions.logBeta(1 + i, bB) - SpecialFunctions.logBeta(aA, bA)
        }
        var logTerm = exactLogTerm(0)
        var maximum = logTerm, scaled = 1.0
        for index in 1..<max(count, 1) {
            let i = Double(index)
            if index % 1024 == 0 {
                logTerm = exactLogTerm(i)
            } else {
                let previous = i - 1
                logTerm += log((aA + previous) * (bB + previous) / ((aA + bA + bB + previous) * (1 + previous)))
            }
            if logTerm > maximum {
                scaled = scaled * exp(maximum - logTerm) + 1
                maximum = logTerm
            } else {
                scaled += exp(logTerm - maximum)
            }
        }
        return min(1, max(0, exp(maximum + log(scaled))))
    }

    /// P(μB > μA) for means under flat priors: the posterior of each mean is normal with the
    /// sample mean and squared standard error, so the difference is too.
    public static func probabilityToBeatControlNormal(control: SampleSummary, treatment: SampleSummary) -> Double {
        let se = (control.variance / control.n + treatment.variance / treatment.n).squareRoot()
        let difference = treatment.mean - control.mean
        guard se > 0 else { return difference > 0 ? 1 : difference < 0 ? 0 : 0.5 }
        return SpecialFunctions.normalCDF(difference / se)
    }
}
