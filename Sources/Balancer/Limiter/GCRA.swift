/// Generic Cell Rate Algorithm: one timestamp per client instead of a token count plus a refill
/// time, so the decision is a couple of integer operations and needs no background refill.
public struct GCRALimit: Sendable, Equatable {
    /// Nanoseconds between two requests at the sustained rate.
    public var emissionInterval: Int64
    /// How far ahead of "now" the theoretical arrival time may run: (burst - 1) × interval.
    public var tolerance: Int64

    public init(ratePerSecond: Double, burst: Int) {
        let rate = max(ratePerSecond, 1e-9)
        self.emissionInterval = Int64((1e9 / rate).rounded())
        self.tolerance = Int64(max(burst - 1, 0)) * self.emissionInterval
    }

    /// The same limit with its rate (and burst allowance) multiplied: VIP tiers, reputation and
    /// load tightening all scale limits this way, so they compose by multiplication.
    /// A bad reputation must shrink the burst as well as the rate, or an offender would still
    /// get its full burst at once; the burst never falls below one request.
    public func scaled(by factor: Double) -> GCRALimit {
        guard factor != 1 else { return self }
        let f = max(factor, 1e-6)
        var copy = self
        copy.emissionInterval = max(1, Int64(Double(emissionInterval) / f))
        let burst = max(1, (Double(tolerance) / Double(emissionInterval) + 1) * f)
        copy.tolerance = Int64((burst - 1) * Double(copy.emissionInterval))
        return copy
    }

    /// Requests that may arrive at one instant.
    public var burst: Double { Double(tolerance) / Double(max(emissionInterval, 1)) + 1 }
}

public enum LimitDecision: Sendable, Equatable {
    case allowed(remaining: Int)
    /// Nanoseconds until a request would conform again.
    case limited(retryAfterNanos: Int64)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}

public enum GCRA {
    /// `tat` is the theoretical arrival time of the next conforming request, 0 for a new client.
    @inline(__always)
    public static func decide(tat: inout Int64, now: Int64, limit: GCRALimit) -> LimitDecision {
        let base = max(tat, now)
        let newTAT = base + limit.emissionInterval
        let allowAt = newTAT - limit.emissionInterval - limit.tolerance
        if now < allowAt {
            return .limited(retryAfterNanos: allowAt - now)
        }
        tat = newTAT
        let headroom = limit.tolerance - (newTAT - now - limit.emissionInterval)
        return .allowed(remaining: Int(max(0, headroom / max(limit.emissionInterval, 1))))
    }
}
