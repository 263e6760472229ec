import Foundation
import Redis
import Synchronization

/// `SharedCache` in Redis. Each scope has a generation counter, and so has the whole cache; a
/// scope's entries live in one hash per pair of generations, so dropping a scope (or everything) is
/// one atomic `INCR` however many pages it holds, and a value computed before an invalidation
/// cannot be stored after it (the store script checks the generations the lookup saw). Keys:
/// `{namespace}cache:v1:{name}:gen:{scope}`, `{namespace}cache:v1:{name}:gen:*` and
/// `{namespace}cache:v1:{name}:data:{scope}:{all}.{scope generation}` (a hash, expiring `ttl` after
/// its first entry; a dropped hash is deleted or left to expire).
///
/// Redis failures are misses. After one, the cache is bypassed for `retryAfter` instead of paying a
/// timeout per request, and a scope whose invalidation could not reach Redis is bypassed until a
/// retry (`flush()`, from `CacheInvalidationService`) gets it through: its entries there are stale.
final class RedisSharedCache: SharedCache {
    let name: String
    let client: RedisClient
    let ttl: Duration
    let channel: String
    let metrics: CacheMetrics
    /// Values larger than this are not cached (one huge page must not crowd out the rest).
    let maxValueBytes: Int
    private let prefix: String
    private let retryAfter: Duration

    private struct State {
        var bypassUntil: ContinuousClock.Instant?
        /// Scopes whose invalidation has not reached Redis yet.
        var pending: Set<String> = []
    }
    private let state = Mutex(State())

    init(name: String, client: RedisClient, namespace: String, ttl: Duration, maxValueBytes: Int = 1 << 20,
         retryAfter: Duration = .milliseconds(250)) {
        self.name = name
        self.client = client
        self.ttl = ttl
        self.maxValueBytes = maxValueBytes
        self.retryAfter = retryAfter
        self.prefix = namespace + "cache:v1:" + name + ":"
        self.channel = CacheInvalidationService.channel(namespace: namespace)
        self.metrics = CacheMetrics(cache: name)
    }

    private func generationKey(_ scope: String) -> String { prefix + "gen:" + scope }
    private func dataPrefix(_ scope: String) -> String { prefix + "data:" + scope + ":" }

    /// Whether Redis may be asked about `scope` now.
    private func usable(_ scope: String) -> Bool {
        state.withLock { state in
            if let until = state.bypassUntil, ContinuousClock.now < until { return false }
            return !state.pending.contains(scope) && !state.pending.contains(everyScope)
        }
    }

    private func failed() {
        state.withLock { $0.bypassUntil = .now + retryAfter }
    }

    func lookup(_ scope: String, _ key: String) async -> CacheLookup {
        var result = CacheLookup(scope: scope, key: key, value: nil, generation: nil)
        if usable(scope) {
            do {
                let reply = try await client.run(CacheScripts.lookup, keys: [generationKey(scope), generationKey(everyScope)],
                                             arguments: [dataPrefix(scope), key])
                guard let parts = reply.array, parts.count >= 1, let generation = parts[0].string else {
                    throw RedisError.unexpectedReply("cache lookup")
                }
                result = CacheLookup(scope: scope, key: key, value: parts.count > 1 ? parts[1].string : nil, generation: generation)
            } catch {
                failed()
            }
        }
        metrics.count(result)
        return result
    }

    func store(_ value: String, for lookup: CacheLookup) async {
        guard let generation = lookup.generation, value.utf8.count <= maxValueBytes, usable(lookup.scope) else { return }
        do {
            _ = try await client.run(CacheScripts.store, keys: [generationKey(lookup.scope), generationKey(everyScope)],
                                 arguments: [dataPrefix(lookup.scope), generation, lookup.key, value, String(Self.millis(ttl))])
        } catch {
            failed()
        }
    }

    func invalidateAll() async {
        await invalidate(everyScope)
    }

    /// Redis is not in the database's transactions: writers invalidate after their commit.
    var transactionalInvalidation: TransactionalInvalidation? { nil }

    func invalidate(_ scope: String) async {
        metrics.invalidations.increment()
        state.withLock { _ = $0.pending.insert(scope) }
        await flush()
    }

    /// Sends the invalidations Redis has not seen yet; true when none is left.
    @discardableResult
    func flush() async -> Bool {
        let scopes = state.withLock { $0.pending }
        for scope in scopes {
            do {
                _ = try await client.run(CacheScripts.invalidate, keys: [generationKey(scope), generationKey(everyScope)],
                                     arguments: [dataPrefix(scope), String(Self.millis(generationTTL)), channel, name + "\n" + scope])
                state.withLock { _ = $0.pending.remove(scope) }
            } catch {
                failed()
                return false
            }
        }
        return true
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Outlives every entry by far: a generation that expired and restarted at 0 must not find entries of an old 0.
    private var generationTTL: Duration { max(.seconds(86_400), ttl * 10) }

    static func millis(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// The Lua behind `RedisSharedCache`, run by SHA. KEYS[1] is the scope's generation key, KEYS[2]
/// the whole cache's; a hash's generation is "{all}.{scope}".
enum CacheScripts {
    /// ARGV data-hash prefix, field. Returns {generation, value or nil}.
    static let lookup = RedisScript("""
        local g = (redis.call('GET', KEYS[2]) or '0') .. '.' .. (redis.call('GET', KEYS[1]) or '0')
        return {g, redis.call('HGET', ARGV[1] .. g, ARGV[2])}
        """)

    /// ARGV prefix, generation seen by the lookup, field, value, TTL ms. Stores only if nothing was
    /// dropped since the lookup; the hash expires TTL after its first entry.
    static let store = RedisScript("""
        local g = (redis.call('GET', KEYS[2]) or '0') .. '.' .. (redis.call('GET', KEYS[1]) or '0')
        if g ~= ARGV[2] then return 0 end
        local k = ARGV[1] .. g
        redis.call('HSET', k, ARGV[3], ARGV[4])
        redis.call('PEXPIRE', k, ARGV[5], 'NX')
        return 1
        """)

    /// ARGV prefix, generation TTL ms, channel, message. Bumps KEYS[1] (KEYS[1] == KEYS[2]: every
    /// scope), deletes the scope's current hash, and tells the other replicas.
    static let invalidate = RedisScript("""
        local old = (redis.call('GET', KEYS[2]) or '0') .. '.' .. (redis.call('GET', KEYS[1]) or '0')
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        if KEYS[1] ~= KEYS[2] then redis.call('DEL', ARGV[1] .. old) end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """)
}
