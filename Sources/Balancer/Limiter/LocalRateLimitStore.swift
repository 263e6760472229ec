import NIOConcurrencyHelpers

/// In-process GCRA state, striped over independent locks: a client's connections may land on any
/// event loop, so state must be shared, and striping keeps two loops from contending unless they
/// serve clients hashing to the same stripe. Each critical section is a hash lookup and a few
/// integer operations.
public final class LocalRateLimitStore: RateLimitStore {
    private let stripes: [NIOLockedValueBox<[String: Int64]>]
    private let mask: Int

    public init(stripeCount: Int = 64) {
        var n = 1
        while n < stripeCount { n <<= 1 }
        self.stripes = (0..<n).map { _ in NIOLockedValueBox([:]) }
        self.mask = n - 1
    }

    @inline(__always)
    private func stripe(for key: String) -> NIOLockedValueBox<[String: Int64]> {
        stripes[StableHash.stripe(key) & mask]
    }

    public func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision {
        stripe(for: key).withLockedValue { table in
            // In place: one hash for lookup and update. A new client (tat 0) always conforms,
            // so the default is only ever stored as a real arrival time.
            GCRA.decide(tat: &table[key, default: 0], now: now, limit: limit)
        }
    }

    public func reset(key: String) {
        _ = stripe(for: key).withLockedValue { $0.removeValue(forKey: key) }
    }

    public func evict(olderThan: Int64) {
        for s in stripes {
            s.withLockedValue { table in
                table = table.filter { $0.value >= olderThan }
            }
        }
    }

    public var count: Int { stripes.reduce(0) { $0 + $1.withLockedValue { $0.count } } }
}
