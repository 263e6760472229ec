import DatabaseLayer
import Logging
import Redis
import ServiceLifecycle

/// The replica's shared caches (docs/redis.md, "Shared caches"): lesson responses and learners'
/// recommendations, in Redis with `WAVE3_REDIS_URL`, else the database-backed twin.
public struct CacheRuntime: Sendable {
    let lessons: any SharedCache
    let recommendations: any SharedCache
    let client: RedisClient?
    let channel: String
    private let redisCaches: [RedisSharedCache]

    /// The one scope of the lesson cache: any lesson write changes pages and other lessons'
    /// prerequisite lists, so all lesson responses are dropped together.
    static let allLessons = "all"

    init(database: Database, client: RedisClient?, namespace: String, lessonTTL: Duration, recommendationTTL: Duration) {
        self.client = client
        self.channel = CacheInvalidationService.channel(namespace: namespace)
        if let client {
            let lessons = RedisSharedCache(name: "lessons", client: client, namespace: namespace, ttl: lessonTTL)
            let recommendations = RedisSharedCache(name: "recommendations", client: client, namespace: namespace, ttl: recommendationTTL)
            self.lessons = lessons
            self.recommendations = recommendations
            self.redisCaches = [lessons, recommendations]
        } else {
            self.lessons = DatabaseSharedCache(name: "lessons", database: database, ttl: lessonTTL)
            self.recommendations = DatabaseSharedCache(name: "recommendations", database: database, ttl: recommendationTTL, maxBytes: 8 << 20)
            self.redisCaches = []
        }
    }

    /// Tells the other replicas that the active model changed, so they reload it now instead of at
    /// their next poll. Best effort: the poll still catches up.
    func announceModelChange(version: Int64) async {
        _ = try? await client?.command("PUBLISH", channel, "models\n\(version)")
    }

    /// The subscriber and retry loop (Redis only; the twin needs neither).
    func services(handle: @escaping @Sendable (CacheEvent) async -> Void) -> [any Service] {
        guard let client else { return [] }
        return [CacheInvalidationService(client: client, channel: channel, caches: redisCaches, handle: handle)]
    }

    /// The retry loop alone (the service runs it; router tests run no services).
    func retryForever(every interval: Duration = .milliseconds(100)) async {
        await CacheInvalidationService.retry(redisCaches, every: interval)
    }

    /// Invalidations not yet delivered to Redis (each bypasses its scope until delivered).
    var pendingInvalidations: Int { redisCaches.reduce(0) { $0 + $1.pendingCount } }
}
