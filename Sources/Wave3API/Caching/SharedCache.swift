import NIOCore
import SQLKit

/// A cache every replica shares (docs/redis.md, "Shared caches"): Redis when `WAVE3_REDIS_URL` is
/// set, the database-backed twin otherwise. Entries live in scopes (all lessons; one learner's
/// recommendations); invalidating a scope drops every entry in it on every replica at once.
///
/// A cache never fails a request: a failure is a miss, counted as an error in `/metrics`.
protocol SharedCache: Sendable {
    /// `lessons`, `recommendations`: the metric label and part of every key.
    var name: String { get }
    /// The entry, or a miss. Pass the lookup to `store` so a value read from the database before an
    /// invalidation is never stored after it.
    func lookup(_ scope: String, _ key: String) async -> CacheLookup
    func store(_ value: String, for lookup: CacheLookup) async
    /// Drops every entry of `scope`, here and on every other replica.
    func invalidate(_ scope: String) async
    /// Drops every entry of every scope, here and on every other replica.
    func invalidateAll() async
    /// The invalidation of a scope as a statement a write transaction runs itself, so it shares
    /// that write's commit; nil when invalidating is not a database write (Redis).
    var transactionalInvalidation: TransactionalInvalidation? { get }
}

/// Drops a scope from inside the caller's transaction (`sql`), committed or rolled back with it.
typealias TransactionalInvalidation = @Sendable (_ scope: String, _ sql: any SQLDatabase) async throws -> Void

/// The scope name standing for "every scope" in generations and pending invalidations.
let everyScope = "*"

/// The answer of `SharedCache.lookup`.
struct CacheLookup: Sendable {
    let scope: String
    let key: String
    let value: String?
    /// The generations (every scope's, then this scope's) when the lookup ran; nil when the cache failed (nothing is stored then).
    let generation: String?
}

extension SharedCache {
    /// The cached value, or `produce()`'s, stored for the next reader.
    func value(_ scope: String, _ key: String, produce: () async throws -> String) async throws -> String {
        let found = await lookup(scope, key)
        if let value = found.value { return value }
        let fresh = try await produce()
        await store(fresh, for: found)
        return fresh
    }
}

/// A lesson response as one cache value: the validator, a newline, the JSON body.
extension CachedResponse {
    var cacheValue: String { etag + "\n" + String(buffer: body) }

    init?(cacheValue: String) {
        guard let newline = cacheValue.firstIndex(of: "\n") else { return nil }
        self.init(body: ByteBuffer(string: String(cacheValue[cacheValue.index(after: newline)...])),
                  etag: String(cacheValue[..<newline]))
    }
}
