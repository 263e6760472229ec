/// Finagle-style retry budget: every request deposits `ratio` of a token, every retry withdraws
/// one, plus a floor of `minPerSecond` retries, so retries can never multiply load by more than
/// (1 + ratio) when a whole cluster is failing. Kept in integer milli-tokens: summing 0.2 a
/// hundred times in floating point gives 19.99…, which would silently lose a retry.
public struct RetryBudget: Sendable {
    public let ratio: Double
    public let minPerSecond: Double
    private let depositMilli: Int64
    private let maxMilli: Int64
    private var balanceMilli: Int64
    private var lastRefill: Int64 = 0

    public init(ratio: Double = 0.2, minPerSecond: Double = 10) {
        self.ratio = ratio
        self.minPerSecond = minPerSecond
        self.depositMilli = Int64((ratio * 1000).rounded())
        // Enough headroom for a burst of retries after a quiet period, never unbounded.
        self.maxMilli = Int64((max(minPerSecond, 1) * 10 + 1000 * ratio) * 1000)
        self.balanceMilli = Int64(minPerSecond * 1000)
    }

    @inline(__always)
    public mutating func deposit() {
        balanceMilli = min(maxMilli, balanceMilli + depositMilli)
    }

    public mutating func tryWithdraw(now: Int64) -> Bool {
        if lastRefill != 0, now > lastRefill {
            let refill = Int64(Double(now - lastRefill) / 1e6 * minPerSecond)  // ns → ms × per-second
            balanceMilli = min(maxMilli, balanceMilli + refill)
        }
        lastRefill = now
        guard balanceMilli >= 1000 else { return false }
        balanceMilli -= 1000
        return true
    }

    public var available: Double { Double(balanceMilli) / 1000 }
}
