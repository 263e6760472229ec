import Logging
import NIOConcurrencyHelpers
import NIOCore
import Redis

/// Reconciles a `ReconcilingRateLimitStore` with Redis every `interval`: one pipelined write of
/// `EVALSHA` calls (at most `batchKeys` clients each) per sync, from a task of its own, so an
/// event loop never waits on Redis. A failed sync puts the state in `.localFallback` (decisions
/// carry on from the local arrival times); the next successful one returns it to `.redis`.
public final class RedisLimiterSync: Sendable {
    public let store: ReconcilingRateLimitStore
    let client: RedisClient
    let interval: TimeAmount
    let batchKeys: Int
    let keyPrefix: String
    let logger: Logger

    struct Status {
        var state: LimiterBackendState = .localFallback(reason: "no sync yet")
        var syncs = 0
        var failed = 0
        var lastSuccess: Int64?
        var resets: [String] = []
        var idleRounds = 0
        var stopped = false
        var task: Task<Void, Never>?
    }
    private let status = NIOLockedValueBox(Status())

    public init(store: ReconcilingRateLimitStore, client: RedisClient, interval: TimeAmount = .milliseconds(5), batchKeys: Int = 512,
                keyPrefix: String = "rl-balancer:limit:", logger: Logger = Logger(label: "rl-balancer.limiter")) {
        self.store = store
        self.client = client
        self.interval = interval
        self.batchKeys = max(1, batchKeys)
        self.keyPrefix = keyPrefix
        self.logger = logger
    }

    /// One connection (syncs never overlap) with short timeouts: a sync that cannot finish within
    /// a few hundred milliseconds is better answered by local limits than waited for.
    public convenience init(url: String, group: any EventLoopGroup, maxEntries: Int, interval: TimeAmount,
                            logger: Logger = Logger(label: "rl-balancer.limiter")) throws {
        let configuration = RedisConfiguration(url: try RedisURL(url), poolSize: 1, connectTimeout: .milliseconds(250),
                                               commandTimeout: .milliseconds(250), minimumBackoff: .milliseconds(50), maximumBackoff: .milliseconds(500))
        self.init(store: ReconcilingRateLimitStore(maxEntries: maxEntries), client: RedisClient(configuration: configuration, group: group),
                  interval: interval, logger: logger)
    }

    public var state: LimiterBackendState { status.withLockedValue { $0.state } }

    public func view(now: Int64 = monotonicNanos()) -> LimiterBackendView {
        status.withLockedValue { s in
            var reason: String?
            if case .localFallback(let why) = s.state { reason = why }
            return LimiterBackendView(state: s.state.label, reason: reason, syncs: s.syncs, failedSyncs: s.failed,
                                      lastSyncAgoMs: s.lastSuccess.map { Double(now - $0) / 1e6 }, syncIntervalMs: Double(interval.nanoseconds) / 1e6)
        }
    }

    /// Forgets a client here and, at the next sync, in Redis.
    public func reset(key: String) {
        store.reset(key: key)
        status.withLockedValue { $0.resets.append(key) }
    }

    public func start() {
        let task = Task { [self] in
            while !Task.isCancelled {
                await syncOnce()
                try? await Task.sleep(nanoseconds: UInt64(max(interval.nanoseconds, 100_000)))
            }
        }
        status.withLockedValue { $0.task = task }
    }

    public func stop() {
        status.withLockedValue { s in
            s.stopped = true
            s.task?.cancel()
            s.task = nil
        }
        client.shutdown()
    }

    /// One reconciliation round; public so tests and benchmarks can drive it.
    public func syncOnce() async {
        let charges = store.takeBatch(limit: batchKeys * 16)
        let (resets, ping) = status.withLockedValue { s -> ([String], Bool) in
            defer { s.resets = [] }
            // Nothing to reconcile: a PING now and then keeps the reported state true.
            s.idleRounds = charges.isEmpty && s.resets.isEmpty ? s.idleRounds + 1 : 0
            return (s.resets, s.idleRounds % 20 == 1)
        }
        if charges.isEmpty && resets.isEmpty && !ping { return }
        let calls = stride(from: 0, to: charges.count, by: batchKeys).map { start in
            let slice = charges[start..<min(start + batchKeys, charges.count)]
            return RedisClient.ScriptCall(keys: slice.map { keyPrefix + $0.key }, arguments: slice.map { String($0.micros) })
        }
        do {
            let replies = try await client.runPipelined(Self.script, calls: calls, prefix: resets.map { RedisCommand("DEL", keyPrefix + $0) } + (ping ? [RedisCommand("PING")] : []))
            let now = monotonicNanos()
            var index = 0
            for reply in replies {
                guard let values = reply.array else { throw RedisError.unexpectedReply("limiter sync: \(reply)") }
                for value in values {
                    guard index < charges.count, let ahead = value.int else { throw RedisError.unexpectedReply("limiter sync: \(value)") }
                    store.apply(key: charges[index].key, aheadMicros: ahead, now: now)
                    index += 1
                }
            }
            let recovered = status.withLockedValue { s -> Bool in
                let was = s.state
                s.state = .redis
                s.syncs += 1
                s.lastSuccess = now
                return was != .redis
            }
            if recovered { logger.info("limiter shared through Redis") }
        } catch {
            let fellBack = status.withLockedValue { s -> Bool in
                // Closing the connection on stop fails the sync in flight: not an outage.
                guard !s.stopped else { return false }
                let was = s.state
                s.state = .localFallback(reason: String(describing: error))
                s.failed += 1
                s.resets.insert(contentsOf: resets, at: 0)
                return was == .redis
            }
            if fellBack { logger.warning("Redis unreachable: limiting locally until it returns", metadata: ["error": "\(error)"]) }
        }
    }

    /// Adds each client's charge (µs, ARGV) to its arrival time (µs of the Redis clock, KEYS),
    /// clamped to now first as GCRA does, and returns how far each now runs ahead of the clock.
    /// Relative answers make the replicas' own clocks irrelevant. The key lives as long as its
    /// arrival time is in the future, plus a second.
    static let script = RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local out = {}
        for i, key in ipairs(KEYS) do
          local tat = tonumber(redis.call('GET', key)) or 0
          if tat < now then tat = now end
          tat = tat + tonumber(ARGV[i])
          local ahead = tat - now
          if ahead > 0 then
            redis.call('SET', key, string.format('%d', tat), 'PX', math.floor(ahead / 1000) + 1000)
          end
          out[i] = ahead
        end
        return out
        """)
}
