import NIOConcurrencyHelpers

/// In-process GCRA state, striped over independent locks: a client's connections may land on any
/// event loop, so state must be shared, and striping keeps two loops from contending unless they
/// serve clients hashing to the same stripe. Each critical section is a hash lookup and a few
/// integer operations.
///
/// Bounded: an entry whose theoretical arrival time has passed is indistinguishable from a new
/// client, so `evict(olderThan: now)` (the server's housekeeping timer) forgets idle clients
/// without changing any decision; and at `maxEntries` a new client first pushes out the entries
/// nearest to that state.
public final class LocalRateLimitStore: RateLimitStore {
    private let stripes: [NIOLockedValueBox<[String: Int64]>]
    private let mask: Int
    private let perStripeCap: Int
    private let evicted = NIOLockedValueBox<Int>(0)

    public init(stripeCount: Int = 64, maxEntries: Int = 200_000) {
        var n = 1
        while n < stripeCount { n <<= 1 }
        self.stripes = (0..<n).map { _ in NIOLockedValueBox([:]) }
        self.mask = n - 1
        self.perStripeCap = max(1, maxEntries / n)
    }

    @inline(__always)
    private func stripe(for key: String) -> NIOLockedValueBox<[String: Int64]> {
        stripes[StableHash.stripe(key) & mask]
    }

    public func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision {
        let (decision, dropped) = stripe(for: key).withLockedValue { table -> (LimitDecision, Int) in
            // In place: one hash for lookup and update. A new client (tat 0) always conforms,
            // so the default is only ever stored as a real arrival time.
            var dropped = 0
            if table.count >= perStripeCap, table[key] == nil { dropped = makeRoom(in: &table, now: now) }
            return (GCRA.decide(tat: &table[key, default: 0], now: now, limit: limit), dropped)
        }
        if dropped > 0 { evicted.withLockedValue { $0 += dropped } }
        return decision
    }

    /// Expired entries go first (free: they decide nothing); if that is not enough, a tenth of
    /// the stripe with the earliest arrival times, those closest to expiring, so the sort is paid
    /// once per many inserts.
    private func makeRoom(in table: inout [String: Int64], now: Int64) -> Int {
        let before = table.count
        table = table.filter { $0.value > now }
        let keep = perStripeCap - max(1, perStripeCap / 10)
        if table.count > keep {
            for (k, _) in table.sorted(by: { $0.value < $1.value }).prefix(table.count - keep) { table.removeValue(forKey: k) }
        }
        return before - table.count
    }

    public func reset(key: String) {
        _ = stripe(for: key).withLockedValue { $0.removeValue(forKey: key) }
    }

    public func evict(olderThan: Int64) {
        var dropped = 0
        for s in stripes {
            s.withLockedValue { table in
                let before = table.count
                table = table.filter { $0.value >= olderThan }
                dropped += before - table.count
            }
        }
        evicted.withLockedValue { $0 += dropped }
    }

    public var count: Int { stripes.reduce(0) { $0 + $1.withLockedValue { $0.count } } }

    /// Entries dropped so far, by the timer or by the cap.
    public var evictions: Int { evicted.withLockedValue { $0 } }
}
