import Foundation

/// One replica's latency model for the bandit: latency ≈ θ₀ + θ₁·RIF, fitted by ridge regression
/// with time-decayed evidence (time constant `tau`), shrunk towards a prior shared by all
/// replicas. An arm that got no traffic for a while forgets its data and returns to the prior:
/// a replica that was slow once is tried again, not starved forever, and a fresh replica
/// starts at the cluster's typical latency instead of zero (which would flood it).
struct RidgeArm: Sendable, Equatable {
    /// Σ w·x·xᵀ (symmetric 2×2) and Σ w·y·x.
    var d00 = 0.0, d01 = 0.0, d11 = 0.0
    var e0 = 0.0, e1 = 0.0
    var stamp: Int64 = 0
    var theta0 = 0.0, theta1 = 0.0
    /// Residual variance, EWMA, ms².
    var variance = 25.0
    var samples = 0.0

    mutating func decay(now: Int64, tau: Double) {
        guard stamp != 0, now > stamp else { stamp = max(stamp, now); return }
        let w = exp(-Double(now - stamp) / tau)
        d00 *= w; d01 *= w; d11 *= w; e0 *= w; e1 *= w; samples *= w
        stamp = now
    }

    /// - Parameter robust: clip the residual at 4σ (Huber-like), so a burst of stall victims
    ///   answering at once does not mark the replica slow long after the stall ended.
    mutating func observe(rif: Double, latencyMs raw: Double, now: Int64, tau: Double, robust: Bool = false) {
        if stamp == 0 { stamp = now }
        decay(now: now, tau: tau)
        let pred = theta0 + theta1 * rif
        var r = raw - pred
        if robust, samples > 10 {
            let c = 4 * variance.squareRoot()
            r = min(c, max(-c, r))
        }
        let y = pred + r
        variance = variance * 0.98 + min(r * r, 1e6) * 0.02
        d00 += 1; d01 += rif; d11 += rif * rif
        e0 += y; e1 += y * rif
        samples += 1
    }

    /// Refits θ against the prior (p0, p1) with strength `lambda`.
    mutating func refit(prior0: Double, prior1: Double, lambda: Double) {
        let a00 = d00 + lambda, a01 = d01, a11 = d11 + lambda
        let b0 = e0 + lambda * prior0, b1 = e1 + lambda * prior1
        let det = a00 * a11 - a01 * a01
        guard det > 1e-12 else { return }
        theta0 = (a11 * b0 - a01 * b1) / det
        theta1 = (a00 * b1 - a01 * b0) / det
    }

    @inline(__always)
    func predict(rif: Double) -> Double { theta0 + theta1 * rif }

    /// xᵀ A⁻¹ x for x = (1, rif): the LinUCB width of the estimate.
    @inline(__always)
    func width(rif: Double, lambda: Double) -> Double {
        let a00 = d00 + lambda, a01 = d01, a11 = d11 + lambda
        let det = a00 * a11 - a01 * a01
        guard det > 1e-12 else { return 1 }
        return (a11 - 2 * a01 * rif + a00 * rif * rif) / det
    }
}
