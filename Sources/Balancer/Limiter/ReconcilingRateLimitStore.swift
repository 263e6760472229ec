/// GCRA decided locally, against a theoretical arrival time that a sync loop keeps reconciling
/// with a shared store (docs/balancer.md, "Shared limiter"): each request costs a striped lock and
/// a hash lookup in a `StripedTable`, as in `LocalRateLimitStore`, and never a network round trip.
///
/// Every admitted request adds its emission interval to `pending`; every few milliseconds the
/// sync takes the pending time of the clients seen since the last sync, adds it to the shared
/// arrival time (itself clamped to the shared clock) and hands back how far that time now runs
/// ahead of the shared clock. Each replica then resumes from the cluster-wide arrival time, so the
/// total admitted by all replicas tracks one limit: what replicas admit between two syncs without
/// seeing each other is charged to the shared time at the next sync and refused afterwards.
///
/// This type is pure state (no I/O); `RedisLimiterSync` runs the loop. With no sync (Redis
/// unreachable) it is an ordinary local limiter.
public final class ReconcilingRateLimitStore: RateLimitStore {
    struct Entry: Sendable {
        /// Local theoretical arrival time, in this process's monotonic nanoseconds.
        var tat: Int64 = 0
        /// Emission intervals admitted here and not yet sent to the shared store.
        var pending: Int64 = 0
        /// Checked since the last batch: its shared time should be fetched even if nothing was admitted.
        var dirty = false
    }

    /// One client's share of a batch: microseconds to add to its shared arrival time.
    public struct Charge: Sendable, Equatable {
        public var key: String
        public var micros: Int64
    }

    private let table: StripedTable<Entry>

    public init(stripeCount: Int = 64, maxEntries: Int = 200_000) {
        table = StripedTable(stripeCount: stripeCount, maxEntries: maxEntries)
    }

    public func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision {
        // When a stripe is full, idle entries go first (nothing pending, arrival time passed),
        // then the earliest arrival times.
        table.upsert(key, new: Entry(), spent: { $0.tat <= now && $0.pending <= 0 }, rank: { $0.tat }) { entry, mark in
            let decision = GCRA.decide(tat: &entry.tat, now: now, limit: limit)
            if decision.isAllowed { entry.pending += limit.emissionInterval }
            if !entry.dirty {
                entry.dirty = true
                mark = true
            }
            return decision
        }
    }

    /// The clients checked since the last batch, with the time they were charged here. Their
    /// pending time leaves the table (a sub-microsecond remainder stays for the next batch): if
    /// the batch never reaches the shared store it is simply lost, so an outage never turns into
    /// a debt that would lock clients out once the store is back.
    public func takeBatch(limit maxKeys: Int = .max) -> [Charge] {
        var out: [Charge] = []
        table.drainMarked(upTo: maxKeys) { key, entry in
            out.append(Charge(key: key, micros: entry.pending / 1000))
            entry.pending %= 1000
            entry.dirty = false
        }
        return out
    }

    /// Applies the shared store's answer: `aheadMicros` is how far the client's shared arrival time
    /// ran ahead of the shared clock when it was read. What this replica admitted since the batch
    /// was taken (still pending) comes on top.
    public func apply(key: String, aheadMicros: Int64, now: Int64) {
        table.updateIfPresent(key) { entry in
            entry.tat = now + max(0, aheadMicros) * 1000 + entry.pending
        }
    }

    public func reset(key: String) {
        table.remove(key)
    }

    public func evict(olderThan: Int64) {
        table.removeAll { $0.tat < olderThan && $0.pending <= 0 && !$0.dirty }
    }

    public var count: Int { table.count }

    public var evictions: Int { table.evictions }
}
