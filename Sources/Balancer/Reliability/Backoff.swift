/// Exponential back-off with "full jitter" (AWS architecture blog): a uniformly random delay in
/// [0, min(cap, base·2^attempt)], which spreads retries of many clients instead of synchronising them.
public struct Backoff: Sendable {
    public var baseNanos: Int64
    public var capNanos: Int64

    public init(baseNanos: Int64 = 2_000_000, capNanos: Int64 = 100_000_000) {
        self.baseNanos = baseNanos
        self.capNanos = capNanos
    }

    public func delay(attempt: Int, using rng: inout some RandomNumberGenerator) -> Int64 {
        let exp = min(attempt, 30)
        let ceiling = min(capNanos, baseNanos << Int64(exp))
        guard ceiling > 0 else { return 0 }
        return Int64.random(in: 0...ceiling, using: &rng)
    }
}
