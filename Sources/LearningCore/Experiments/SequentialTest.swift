import Foundation

/// Always-valid inference for the difference of two means: the asymptotic confidence sequence of
/// Howard, Ramdas, McAuliffe and Sekhon (2021), the one GrowthBook's sequential engine uses, and
/// the p-value dual to it (the mixture-SPRT p-value with a normal mixing distribution).
///
/// With N = nA + nB, σ̂² = N (s²A/nA + s²B/nB) the per-unit variance and ρ² tuned so the sequence
/// is tightest near N* = `tuning` units, the half-width at level α is
///     σ̂ √( 2(Nρ² + 1) / (N²ρ²) · ln(√(Nρ² + 1) / α) ),
/// valid at every N simultaneously, so an admin may look every day and stop whenever it excludes 0.
public struct SequentialTest: Sendable, Equatable {
    public static let defaultTuning = 5_000.0

    public let interval: Interval
    public let pValue: Double

    /// ρ² for which the half-width is smallest at N = tuning (Howard et al., eq. 39 of the preprint).
    public static func rhoSquared(tuning: Double, alpha: Double) -> Double {
        (-2 * log(alpha) + log(-2 * log(alpha) + 1)) / tuning
    }

    public init(control: SampleSummary, treatment: SampleSummary, alpha: Double = 0.05, tuning: Double = defaultTuning) {
        let difference = treatment.mean - control.mean
        let n = control.n + treatment.n
        let unitVariance = n * (control.variance / control.n + treatment.variance / treatment.n)
        guard control.n > 1, treatment.n > 1, unitVariance > 0, unitVariance.isFinite else {
            self.interval = Interval(-.infinity, .infinity)
            self.pValue = 1
            return
        }
        let rho2 = Self.rhoSquared(tuning: tuning, alpha: alpha)
        let scale = 2 * (n * rho2 + 1) / (n * n * rho2)
        let half = (unitVariance * scale * log((n * rho2 + 1).squareRoot() / alpha)).squareRoot()
        self.interval = Interval(difference - half, difference + half)
        // The α at which the interval just touches 0: √(Nρ²+1) · exp(−Δ² / (σ̂² · scale)).
        self.pValue = min(1, (n * rho2 + 1).squareRoot() * exp(-difference * difference / (unitVariance * scale)))
    }
}
