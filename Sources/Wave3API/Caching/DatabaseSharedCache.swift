import DatabaseLayer
import Logging
import NIOCore
import SQLKit

/// The embedded twin of `RedisSharedCache` (no `WAVE3_REDIS_URL`): entries in this process's
/// memory (`LessonCache`: byte-bounded, time-expired), keyed by the generations of their scope and
/// of the whole cache, which live in the database table `cache_generations`, read on every lookup. Replicas sharing the database therefore drop a scope
/// together, at once, at the price of one primary-key read per lookup.
final class DatabaseSharedCache: SharedCache {
    let name: String
    let database: Database
    let entries: LessonCache
    let metrics: CacheMetrics
    let logger: Logger

    init(name: String, database: Database, ttl: Duration, maxBytes: Int = 16 << 20, logger: Logger = Logger(label: "wave3.cache")) {
        self.name = name
        self.database = database
        self.entries = LessonCache(ttl: ttl, maxBytes: maxBytes)
        self.metrics = CacheMetrics(cache: name)
        self.logger = logger
    }

    private static func entryKey(_ scope: String, _ generation: String, _ key: String) -> String {
        scope + "\u{0}" + generation + "\u{0}" + key
    }

    func lookup(_ scope: String, _ key: String) async -> CacheLookup {
        var result = CacheLookup(scope: scope, key: key, value: nil, generation: nil)
        do {
            var all: Int64 = 0, own: Int64 = 0
            for row in try await database.sql.raw("""
                SELECT scope, generation FROM cache_generations WHERE cache = \(bind: name) AND scope IN (\(bind: scope), \(bind: everyScope))
                """).all() {
                let value = try row.decode(column: "generation", as: Int64.self)
                if try row.decode(column: "scope", as: String.self) == everyScope { all = value } else { own = value }
            }
            let generation = "\(all).\(own)"
            let value = entries.get(Self.entryKey(scope, generation, key)).map { String(buffer: $0.body) }
            result = CacheLookup(scope: scope, key: key, value: value, generation: generation)
        } catch {
            logger.debug("cache generation read failed", metadata: ["cache": "\(name)", "error": "\(error)"])
        }
        metrics.count(result)
        return result
    }

    func store(_ value: String, for lookup: CacheLookup) async {
        guard let generation = lookup.generation else { return }
        entries.put(Self.entryKey(lookup.scope, generation, lookup.key), CachedResponse(body: ByteBuffer(string: value), etag: ""))
    }

    func invalidateAll() async {
        await invalidate(everyScope)
    }

    private static func bump(_ cache: String, _ scope: String) -> SQLQueryString {
        """
        INSERT INTO cache_generations (cache, scope, generation) VALUES (\(bind: cache), \(bind: scope), 1)
        ON CONFLICT (cache, scope) DO UPDATE SET generation = cache_generations.generation + 1
        """
    }

    /// A progress write bumps the learner's generation in its own transaction: a separate bump
    /// after the commit cost a second commit (on SQLite a second group-commit batch and disk sync)
    /// before the learner got the answer.
    var transactionalInvalidation: TransactionalInvalidation? {
        { [name, metrics] scope, sql in
            try await sql.raw(Self.bump(name, scope)).run()
            metrics.invalidations.increment()
        }
    }

    func invalidate(_ scope: String) async {
        metrics.invalidations.increment()
        do {
            let bump = Self.bump(name, scope)
            if database.dialect == .sqlite {
                // A write outside the batched transactions would wait for SQLite's write lock
                // (busy_timeout) behind every batch; inside, it shares their commit.
                try await database.transaction { try await $0.raw(bump).run() }
            } else {
                try await database.sql.raw(bump).run()
            }
        } catch {
            // Other replicas cannot be told; at least this one forgets everything.
            logger.warning("cache invalidation failed", metadata: ["cache": "\(name)", "scope": "\(scope)", "error": "\(error)"])
            entries.invalidateAll()
        }
    }
}
