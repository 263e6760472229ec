import NIOConcurrencyHelpers

/// GCRA decided locally, against a theoretical arrival time that a sync loop keeps reconciling
/// with a shared store (docs/balancer.md, "Shared limiter"): each request costs a striped lock and
/// a hash lookup, as in `LocalRateLimitStore`, and never a network round trip.
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
    struct Entry {
        /// Local theoretical arrival time, in this process's monotonic nanoseconds.
        var tat: Int64 = 0
        /// Emission intervals admitted here and not yet sent to the shared store.
        var pending: Int64 = 0
        /// Checked since the last batch: its shared time should be fetched even if nothing was admitted.
        var dirty = false
    }

    struct Stripe {
        var table: [String: Entry] = [:]
        var dirty: [String] = []
    }

    /// One client's share of a batch: microseconds to add to its shared arrival time.
    public struct Charge: Sendable, Equatable {
        public var key: String
        public var micros: Int64
    }

    private let stripes: [NIOLockedValueBox<Stripe>]
    private let mask: Int
    private let perStripeCap: Int
    private let evicted = NIOLockedValueBox<Int>(0)

    public init(stripeCount: Int = 64, maxEntries: Int = 200_000) {
        var n = 1
        while n < stripeCount { n <<= 1 }
        self.stripes = (0..<n).map { _ in NIOLockedValueBox(Stripe()) }
        self.mask = n - 1
        self.perStripeCap = max(1, maxEntries / n)
    }

    @inline(__always)
    private func stripe(for key: String) -> NIOLockedValueBox<Stripe> {
        stripes[StableHash.stripe(key) & mask]
    }

    public func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision {
        let (decision, dropped) = stripe(for: key).withLockedValue { s -> (LimitDecision, Int) in
            var dropped = 0
            if s.table.count >= perStripeCap, s.table[key] == nil { dropped = makeRoom(in: &s, now: now) }
            var newlyDirty = false
            // In place: one hash for lookup and update, as in the local store.
            let decision = Self.decide(&s.table[key, default: Entry()], now: now, limit: limit, newlyDirty: &newlyDirty)
            if newlyDirty { s.dirty.append(key) }
            return (decision, dropped)
        }
        if dropped > 0 { evicted.withLockedValue { $0 += dropped } }
        return decision
    }

    @inline(__always)
    private static func decide(_ entry: inout Entry, now: Int64, limit: GCRALimit, newlyDirty: inout Bool) -> LimitDecision {
        let decision = GCRA.decide(tat: &entry.tat, now: now, limit: limit)
        if decision.isAllowed { entry.pending += limit.emissionInterval }
        if !entry.dirty {
            entry.dirty = true
            newlyDirty = true
        }
        return decision
    }

    /// Idle entries first (nothing pending, arrival time passed); then the earliest arrival times.
    private func makeRoom(in s: inout Stripe, now: Int64) -> Int {
        let before = s.table.count
        s.table = s.table.filter { $0.value.tat > now || $0.value.pending > 0 }
        let keep = perStripeCap - max(1, perStripeCap / 10)
        if s.table.count > keep {
            for (k, _) in s.table.sorted(by: { $0.value.tat < $1.value.tat }).prefix(s.table.count - keep) { s.table.removeValue(forKey: k) }
        }
        return before - s.table.count
    }

    /// The clients checked since the last batch, with the time they were charged here. Their
    /// pending time leaves the table (a sub-microsecond remainder stays for the next batch): if
    /// the batch never reaches the shared store it is simply lost, so an outage never turns into
    /// a debt that would lock clients out once the store is back.
    public func takeBatch(limit maxKeys: Int = .max) -> [Charge] {
        var out: [Charge] = []
        for s in stripes {
            s.withLockedValue { s in
                while out.count < maxKeys, let key = s.dirty.popLast() {
                    guard var entry = s.table[key] else { continue }
                    out.append(Charge(key: key, micros: entry.pending / 1000))
                    entry.pending %= 1000
                    entry.dirty = false
                    s.table[key] = entry
                }
            }
            if out.count >= maxKeys { break }
        }
        return out
    }

    /// Applies the shared store's answer: `aheadMicros` is how far the client's shared arrival time
    /// ran ahead of the shared clock when it was read. What this replica admitted since the batch
    /// was taken (still pending) comes on top.
    public func apply(key: String, aheadMicros: Int64, now: Int64) {
        stripe(for: key).withLockedValue { s in
            guard var entry = s.table[key] else { return }
            entry.tat = now + max(0, aheadMicros) * 1000 + entry.pending
            s.table[key] = entry
        }
    }

    public func reset(key: String) {
        stripe(for: key).withLockedValue { s in _ = s.table.removeValue(forKey: key) }
    }

    public func evict(olderThan: Int64) {
        var dropped = 0
        for s in stripes {
            s.withLockedValue { s in
                let before = s.table.count
                s.table = s.table.filter { $0.value.tat >= olderThan || $0.value.pending > 0 || $0.value.dirty }
                dropped += before - s.table.count
            }
        }
        evicted.withLockedValue { $0 += dropped }
    }

    public var count: Int { stripes.reduce(0) { $0 + $1.withLockedValue { $0.table.count } } }

    public var evictions: Int { evicted.withLockedValue { $0 } }
}
