/// Finagle-style retry budget: every request deposits `ratio` of a token, every retry withdraws
/// one, plus a floor of `minPerSecond` retries, so retries can never multiply load by more than
/// (1 + ratio) when a whole cluster is failing.
public struct RetryBudget: Sendable {
    public var ratio: Double
    public var minPerSecond: Double
    private var balance: Double
    private var lastRefill: Int64 = 0
    private let maxBalance: Double

    public init(ratio: Double = 0.2, minPerSecond: Double = 10) {
        self.ratio = ratio
        self.minPerSecond = minPerSecond
        self.maxBalance = max(minPerSecond, 1) * 10
        self.balance = minPerSecond
    }

    @inline(__always)
    public mutating func deposit() {
        balance = min(maxBalance + 1000 * ratio, balance + ratio)
    }

    public mutating func tryWithdraw(now: Int64) -> Bool {
        if lastRefill != 0 {
            let elapsed = Double(now - lastRefill) / 1e9
            balance = min(balance + elapsed * minPerSecond, maxBalance + 1000 * ratio)
        }
        lastRefill = now
        guard balance >= 1 else { return false }
        balance -= 1
        return true
    }

    public var available: Double { balance }
}
