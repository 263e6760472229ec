import Foundation

/// The distribution functions the experiment statistics need, precise to about 1e-14 so that every
/// p-value and interval agrees with SciPy to 1e-9 (docs/experiments.md). Pure Foundation: the
/// normal CDF uses the C library's `erfc`; everything else is the regularised incomplete beta and
/// gamma functions evaluated by their continued fractions (Numerical Recipes §6.2, §6.4).
public enum SpecialFunctions {
    static let lnSqrt2Pi = 0.918_938_533_204_672_741_78

    // MARK: normal

    /// P(Z ≤ x) for a standard normal Z.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// P(Z > x), accurate in the far upper tail.
    public static func normalSF(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// The x with P(Z ≤ x) = p: Acklam's rational approximation (relative error 1e-9) polished by
    /// two Halley steps on `erfc`, which brings it to full double precision.
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1")
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        for _ in 0..<2 {
            // Work in the smaller tail so the residual keeps its relative precision.
            let e = x < 0 ? normalCDF(x) - p : (1 - p) - normalSF(x)
            let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
            x -= u / (1 + x * u / 2)
        }
        return x
    }

    // MARK: log-gamma and log-beta

    /// lgamma(x) − the Stirling approximation, for x ≥ 10 (the correction R's `lgammacor` tabulates).
    static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x, inverse2 = inverse * inverse
        let series = 1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680 - inverse2 * (1.0 / 1188 - inverse2 * 691.0 / 360_360))))
        return series * inverse
    }

    /// ln B(a, b) without the cancellation of lgamma(a) + lgamma(b) − lgamma(a + b) when a or b is
    /// large (Welch's t with a million degrees of freedom needs B(500 000, ½) to 1e-15); R's `lbeta`.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * log(q) + lnSqrt2Pi + correction + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(p + q)
            return lgamma(p) + correction + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return lgamma(p) + lgamma(q) - lgamma(p + q)
    }

    // MARK: incomplete beta

    /// I_x(a, b), the regularised incomplete beta function. `y` is 1 − x, passed separately when the
    /// caller knows it more precisely than `1 - x` would compute it.
    public static func regularizedBeta(x: Double, a: Double, b: Double, y: Double? = nil) -> Double {
        let y = y ?? 1 - x
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = a * log(x) + b * log(y) - logBeta(a, b)
        // The continued fraction converges fast below the mean (a + 1)/(a + b + 2); above it the
        // symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(x: y, a: b, b: a) / b
    }

    /// The upper tail 1 − I_x(a, b), computed without subtracting from 1 where that would lose digits.
    public static func regularizedBetaComplement(x: Double, a: Double, b: Double, y: Double? = nil) -> Double {
        regularizedBeta(x: y ?? 1 - x, a: b, b: a, y: x)
    }

    /// Modified Lentz evaluation of the incomplete-beta continued fraction.
    static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1_000_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    // MARK: Student's t

    /// P(T > t) for Student's t with `df` degrees of freedom (df may be fractional, as in Welch's test).
    public static func studentTSF(_ t: Double, df: Double) -> Double {
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let t2 = t * t
        // x = df/(df + t²) and 1 − x = t²/(df + t²), each computed directly.
        let tail = 0.5 * regularizedBeta(x: df / (df + t2), a: df / 2, b: 0.5, y: t2 / (df + t2))
        return t > 0 ? tail : 1 - tail
    }

    public static func studentTCDF(_ t: Double, df: Double) -> Double { studentTSF(-t, df: df) }

    static func studentTDensity(_ t: Double, df: Double) -> Double {
        exp(-0.5 * log(df) - logBeta(df / 2, 0.5) - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The t with P(T ≤ t) = p: Newton's method on the upper tail, inside a bracket so that the
    /// heavy tails of small df cannot throw it out.
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1, "studentTQuantile needs 0 < p < 1")
        if p < 0.5 { return -studentTQuantile(1 - p, df: df) }
        if p == 0.5 { return 0 }
        let tail = 1 - p
        var low = 0.0, high = max(1, normalQuantile(p))
        while studentTSF(high, df: df) > tail { low = high; high *= 2 }
        var t = min(max(normalQuantile(p), low), high)
        for _ in 0..<200 {
            let residual = studentTSF(t, df: df) - tail
            if residual > 0 { low = t } else { high = t }
            var next = t + residual / studentTDensity(t, df: df)
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    // MARK: chi-square and incomplete gamma

    /// Q(a, x) = Γ(a, x)/Γ(a), the regularised upper incomplete gamma function.
    public static func regularizedGammaQ(a: Double, x: Double) -> Double {
        if x <= 0 { return 1 }
        let logFront = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            // Series for P, then Q = 1 − P.
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * exp(logFront)
        }
        // Continued fraction for Q (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }

    /// P(χ²_df > x).
    public static func chiSquareSF(_ x: Double, df: Double) -> Double { regularizedGammaQ(a: df / 2, x: x / 2) }
}
