import NIOConcurrencyHelpers

/// Per-client state striped over independent locks and bounded by a cap per stripe: the shape the
/// limiter's stores and the reputation book share. A client's connections may land on any event
/// loop, so its state must be shared; striping keeps two loops from contending unless they serve
/// clients hashing to the same stripe, and each critical section stays a hash lookup and a few
/// integer operations.
///
/// At the cap, a new key first pushes out what its owner says is spent, then the entries its owner
/// ranks lowest until a tenth of the stripe is free, so the sort is paid once per many inserts.
///
/// Sendable without `@unchecked`: every stored property is a constant, and the mutable state sits
/// in `NIOLockedValueBox`es, touched only under their locks.
struct StripedTable<Value: Sendable>: Sendable {
    struct Stripe: Sendable {
        var entries: [String: Value] = [:]
        /// Keys the owner asked to revisit (`upsert`'s mark, read back by `drainMarked`). Only the
        /// reconciling store marks; an empty array allocates nothing.
        var marked: [String] = []
    }

    private let stripes: [NIOLockedValueBox<Stripe>]
    private let mask: Int
    let perStripeCap: Int
    private let evicted = NIOLockedValueBox<Int>(0)

    /// `stripeCount` is rounded up to a power of two, so a stripe is picked with a mask.
    init(stripeCount: Int, maxEntries: Int) {
        var n = 1
        while n < stripeCount { n <<= 1 }
        self.stripes = (0..<n).map { _ in NIOLockedValueBox(Stripe()) }
        self.mask = n - 1
        self.perStripeCap = max(1, maxEntries / n)
    }

    /// Runs `body` under the lock of `key`'s stripe.
    @inline(__always)
    func withStripe<R>(for key: String, _ body: (inout Stripe) -> R) -> R {
        stripes[StableHash.stripe(key) & mask].withLockedValue(body)
    }

    /// Runs `body` on `key`'s entry in place (one hash for lookup and update), starting from `new`
    /// for a key not yet stored, after making room when the stripe is full. `body` sets its second
    /// argument to have `drainMarked` hand the key back later.
    @inline(__always)
    func upsert<R, Rank: Comparable>(
        _ key: String, new: Value,
        spent: (Value) -> Bool, rank: (Value) -> Rank,
        _ body: (inout Value, inout Bool) -> R
    ) -> R {
        withStripe(for: key) { s in
            makeRoomIfFull(for: key, in: &s, spent: spent, rank: rank)
            var mark = false
            let result = body(&s.entries[key, default: new], &mark)
            if mark { s.marked.append(key) }
            return result
        }
    }

    /// Before `key` is inserted into its full stripe `s` (held under its lock): drops the entries
    /// `spent` calls free to forget (they decide nothing), then, if that is not enough, the ones
    /// `rank` puts lowest, until a tenth of the stripe is free.
    @inline(__always)
    func makeRoomIfFull<Rank: Comparable>(for key: String, in s: inout Stripe, spent: (Value) -> Bool, rank: (Value) -> Rank) {
        guard s.entries.count >= perStripeCap, s.entries[key] == nil else { return }
        makeRoom(in: &s, spent: spent, rank: rank)
    }

    /// Inlined so the owner's two closures are too: without it, clients churning through a full
    /// reconciling store cost 3 % more instructions per check than before this table (callgrind).
    @inline(__always)
    private func makeRoom<Rank: Comparable>(in s: inout Stripe, spent: (Value) -> Bool, rank: (Value) -> Rank) {
        let before = s.entries.count
        s.entries = s.entries.filter { !spent($0.value) }
        let keep = perStripeCap - max(1, perStripeCap / 10)
        if s.entries.count > keep {
            // Each rank computed once (the reputation book's decays), sorted in place.
            var ranked = s.entries.map { ($0.key, rank($0.value)) }
            ranked.sort { $0.1 < $1.1 }
            for (k, _) in ranked.prefix(s.entries.count - keep) { s.entries.removeValue(forKey: k) }
        }
        // Under the stripe's lock: the counter's lock is only ever taken second, so no cycle.
        evicted.withLockedValue { $0 += before - s.entries.count }
    }

    /// Up to `maxKeys` marked keys still in the table, each handed to `body` with its entry to
    /// update, stripe by stripe; a key dropped since it was marked is skipped.
    func drainMarked(upTo maxKeys: Int, _ body: (String, inout Value) -> Void) {
        var taken = 0
        for stripe in stripes {
            stripe.withLockedValue { s in
                while taken < maxKeys, let key = s.marked.popLast() {
                    guard var entry = s.entries[key] else { continue }
                    body(key, &entry)
                    s.entries[key] = entry
                    taken += 1
                }
            }
            if taken >= maxKeys { break }
        }
    }

    /// Updates `key`'s entry if it is stored.
    func updateIfPresent(_ key: String, _ body: (inout Value) -> Void) {
        withStripe(for: key) { s in
            guard var entry = s.entries[key] else { return }
            body(&entry)
            s.entries[key] = entry
        }
    }

    @discardableResult
    func remove(_ key: String) -> Bool {
        withStripe(for: key) { $0.entries.removeValue(forKey: key) != nil }
    }

    /// Drops every entry `shouldDrop` names (the housekeeping timer's pass), counted as evictions.
    func removeAll(where shouldDrop: (Value) -> Bool) {
        var dropped = 0
        for stripe in stripes {
            stripe.withLockedValue { s in
                let before = s.entries.count
                s.entries = s.entries.filter { !shouldDrop($0.value) }
                dropped += before - s.entries.count
            }
        }
        evicted.withLockedValue { $0 += dropped }
    }

    /// Every entry, one stripe at a time (each consistent in itself, not with the others).
    func forEach(_ body: (String, Value) -> Void) {
        for stripe in stripes {
            stripe.withLockedValue { s in
                for (k, v) in s.entries { body(k, v) }
            }
        }
    }

    var count: Int { stripes.reduce(0) { $0 + $1.withLockedValue { $0.entries.count } } }

    /// Entries dropped so far, by the cap or by `removeAll(where:)`.
    var evictions: Int { evicted.withLockedValue { $0 } }
}
