import NIOConcurrencyHelpers

/// Every client's reputation, in a `StripedTable` like the limiter's so loops rarely contend. Changes are
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

    private let table: StripedTable<ReputationScore>
    private let pending = NIOLockedValueBox<[PendingEvent]>([])
    public let config: Config

    public init(config: Config = .init(), stripeCount: Int = 64) {
        self.table = StripedTable(stripeCount: stripeCount, maxEntries: config.maxEntries)
        self.config = config
    }

    /// Current multiplier for a client's limit; unknown clients are neutral and cost no insert.
    @inline(__always)
    public func multiplier(for client: String, now: Int64) -> Double {
        table.withStripe(for: client) { s in
            guard var entry = s.entries[client] else { return 1 }
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
        let after: Double? = table.withStripe(for: client) { s in
            if event == .clean, s.entries[client] == nil { return nil }
            var entry = s.entries[client] ?? ReputationScore(updatedAt: now)
            if event == .rateLimited {
                if let last = entry.lastRateLimitPenaltyAt, now - last < config.rateLimitPenaltyIntervalNanos { return nil }
                entry.lastRateLimitPenaltyAt = now
            }
            entry.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            entry.apply(event, now: now, weight: weight)
            makeRoomIfFull(for: client, in: &s, now: now)
            s.entries[client] = entry
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
        table.withStripe(for: client) { s in
            var entry = s.entries[client] ?? ReputationScore(updatedAt: now)
            entry.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            return entry
        }
    }

    public func restore(client: String, score: ReputationScore) {
        table.withStripe(for: client) { s in
            makeRoomIfFull(for: client, in: &s, now: score.updatedAt)
            s.entries[client] = score
        }
    }

    /// The operator's reset: the client is neutral again.
    @discardableResult
    public func reset(client: String) -> Bool {
        table.remove(client)
    }

    /// A full stripe sheds a tenth of its entries at once, those nearest to neutral after decay
    /// (the ones that carry the least information).
    private func makeRoomIfFull(for client: String, in s: inout StripedTable<ReputationScore>.Stripe, now: Int64) {
        table.makeRoomIfFull(for: client, in: &s, spent: { _ in false }, rank: { distanceFromNeutral($0, now: now) })
    }

    private func distanceFromNeutral(_ score: ReputationScore, now: Int64) -> Double {
        var decayed = score
        decayed.decay(now: now, halfLifeNanos: config.halfLifeNanos)
        return abs(decayed.score - ReputationScore.neutral)
    }

    /// Entries dropped so far, by the cap or by `compact` (exported in /stats and /metrics).
    public var evictions: Int { table.evictions }

    public var count: Int { table.count }

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
        table.forEach { k, v in
            var decayed = v
            decayed.decay(now: now, halfLifeNanos: config.halfLifeNanos)
            all[k] = decayed
        }
        return all
    }

    /// Drop entries that decayed back to neutral: an idle client's entry fades to neutral with
    /// the half-life and is then forgotten, so the table does not grow forever. Called by the
    /// server's housekeeping timer.
    public func compact(now: Int64) {
        table.removeAll { !(distanceFromNeutral($0, now: now) > 0.5) }
    }
}
