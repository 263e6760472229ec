/// In-process GCRA state: each client's theoretical arrival time in a `StripedTable`, so a check
/// costs a striped lock, a hash lookup and a few integer operations.
///
/// Bounded: an entry whose theoretical arrival time has passed is indistinguishable from a new
/// client, so `evict(olderThan: now)` (the server's housekeeping timer) forgets idle clients
/// without changing any decision; and at `maxEntries` a new client first pushes out the entries
/// nearest to that state.
public final class LocalRateLimitStore: RateLimitStore {
    private let table: StripedTable<Int64>

    public init(stripeCount: Int = 64, maxEntries: Int = 200_000) {
        table = StripedTable(stripeCount: stripeCount, maxEntries: maxEntries)
    }

    public func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision {
        // A new client (tat 0) always conforms, so the default is only ever stored as a real
        // arrival time. When a stripe is full, expired entries go first (free: they decide
        // nothing), then those with the earliest arrival times, the closest to expiring.
        table.upsert(key, new: 0, spent: { $0 <= now }, rank: { $0 }) { tat, _ in
            GCRA.decide(tat: &tat, now: now, limit: limit)
        }
    }

    public func reset(key: String) {
        table.remove(key)
    }

    public func evict(olderThan: Int64) {
        table.removeAll { $0 < olderThan }
    }

    public var count: Int { table.count }

    /// Entries dropped so far, by the timer or by the cap.
    public var evictions: Int { table.evictions }
}
