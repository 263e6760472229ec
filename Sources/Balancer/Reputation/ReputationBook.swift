import NIOConcurrencyHelpers

/// Every client's reputation, striped like the limiter so loops rarely contend. Changes are
/// queued as events for the persistence task, which drains them off the hot path.
public final class ReputationBook: Sendable {
    public struct Config: Sendable {
        public var halfLifeNanos: Int64 = 600 * 1_000_000_000
        public var rateLimitPenaltyIntervalNanos: Int64 = 1_000_000_000
        /// Most clients tracked at once. Past it, a new client first pushes out the entries
        /// closest to neutral (the ones that carry the least information).
        public var maxEntries = 200_000
        public init() {}
    }

    public struct PendingEvent: Sendable, Equatable {
        public var client: String
        public var event: ReputationEvent
        public var at: Int64
        public var scoreAfter: Double
    }

    private let stripes: [NIOLockedValueBox<[String: ReputationScore]>]
    private let mask: Int
    private let pending = NIOLockedValueBox<[PendingEvent]>([])
    public let config: Config
    private let perStripeCap: Int
    private let evicted = NIOLockedValueBox<Int>(0)

    public init(config: Config = .init(), stripeCount: Int = 64) {
        var n = 1
        while n < stripeCount { n <<= 1 }
        self.stripes = (0..<n).map { _ in NIOLockedValueBox([:]) }
        self.mask = n - 1
        self.config = config
        self.perStripeCap = max(1, config.maxEntries / n)
    }

    @inline(__always)
    private func stripe(_ key: String) -> NIOLockedValueBox<[String: ReputationScore]> {
        stripes[StableHash.stripe(key) & mask]
    }

    /// Current multiplier for a client's limit; unknown clients are neutral and cost no insert.
    @inline(__always)
    public func multiplier(for client: String, now: Int64) -> Double {
        stripe(client).withLockedValue { table in
            guard var entry = table[client] else { return 1 }
            entry.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            return entry.limitMultiplier
        }
    }

    /// Clean requests from clients never seen misbehaving are not stored: the neutral default
    /// already describes them, and the table stays proportional to offenders, not to traffic.
    /// Rate-limit rejections cost at most once per `rateLimitPenaltyIntervalNanos`: a client
    /// over its limit is rejected hundreds of times a second, and charging each rejection would
    /// collapse its limit within a second, punishing a retry loop like an attack.
    public func record(_ event: ReputationEvent, client: String, now: Int64, weight: Double = 1) {
        let after: Double? = stripe(client).withLockedValue { table in
            if event == .clean, table[client] == nil { return nil }
            var entry = table[client] ?? ReputationScore(updatedAt: now)
            if event == .rateLimited {
                if let last = entry.lastRateLimitPenaltyAt, now - last < config.rateLimitPenaltyIntervalNanos { return nil }
                entry.lastRateLimitPenaltyAt = now
            }
            entry.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            entry.apply(event, now: now, weight: weight)
            if table[client] == nil, table.count >= perStripeCap { makeRoom(in: &table, now: now) }
            table[client] = entry
            return entry.score
        }
        if let after, event.isViolation {
            pending.withLockedValue { queue in
                if queue.count < 100_000 {
                    queue.append(.init(client: client, event: event, at: now, scoreAfter: after))
                }
            }
        }
    }

    public func score(for client: String, now: Int64) -> ReputationScore {
        stripe(client).withLockedValue { table in
            var entry = table[client] ?? ReputationScore(updatedAt: now)
            entry.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            return entry
        }
    }

    public func restore(client: String, score: ReputationScore) {
        stripe(client).withLockedValue { table in
            if table[client] == nil, table.count >= perStripeCap { makeRoom(in: &table, now: score.updatedAt) }
            table[client] = score
        }
    }

    /// The operator's reset: the client is neutral again.
    @discardableResult
    public func reset(client: String) -> Bool {
        stripe(client).withLockedValue { $0.removeValue(forKey: client) != nil }
    }

    /// A full stripe sheds a tenth of its entries at once, those nearest to neutral after decay,
    /// so the sort is paid once per many inserts rather than on each.
    private func makeRoom(in table: inout [String: ReputationScore], now: Int64) {
        let keep = perStripeCap - max(1, perStripeCap / 10)
        let ranked = table.map { k, v -> (String, Double) in
            var d = v
            d.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            return (k, abs(d.score - ReputationScore.neutral))
        }.sorted { $0.1 < $1.1 }
        let drop = ranked.prefix(max(0, table.count - keep))
        for (k, _) in drop { table.removeValue(forKey: k) }
        evicted.withLockedValue { $0 += drop.count }
    }

    /// Entries dropped so far, by the cap or by `compact` (exported in /stats and /metrics).
    public var evictions: Int { evicted.withLockedValue { $0 } }

    public var count: Int { stripes.reduce(0) { $0 + $1.withLockedValue { $0.count } } }

    /// Puts back events whose write failed, ahead of newer ones, so a database outage delays
    /// persistence instead of losing what was already recorded.
    public func requeue(_ events: [PendingEvent]) {
        guard !events.isEmpty else { return }
        pending.withLockedValue { queue in queue.insert(contentsOf: events, at: 0) }
    }

    public var pendingCount: Int { pending.withLockedValue { $0.count } }

    public func drainPending() -> [PendingEvent] {
        pending.withLockedValue { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    public func snapshot(now: Int64) -> [String: ReputationScore] {
        var all: [String: ReputationScore] = [:]
        for s in stripes {
            s.withLockedValue { table in
                for (k, var v) in table {
                    v.decay(now: now, halfLifeNanos: config.halfLifeNanos)
                    all[k] = v
                }
            }
        }
        return all
    }

    /// Drop entries that decayed back to neutral: an idle client's entry fades to neutral with
    /// the half-life and is then forgotten, so the table does not grow forever. Called by the
    /// server's housekeeping timer.
    public func compact(now: Int64) {
        var dropped = 0
        for s in stripes {
            s.withLockedValue { table in
                let before = table.count
                table = table.filter { _, v in
                    var d = v
                    d.decay(now: now, halfLifeNanos: config.halfLifeNanos)
                    return abs(d.score - ReputationScore.neutral) > 0.5
                }
                dropped += before - table.count
            }
        }
        evicted.withLockedValue { $0 += dropped }
    }
}
