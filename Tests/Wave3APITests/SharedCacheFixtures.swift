import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Redis
import Testing
@testable import Wave3API

/// The two implementations of `SharedCache`; every shared-cache test runs on both.
enum CacheStoreKind: String, CaseIterable, Sendable {
    case redis, twin
}

/// One replica of the API under test: its services and a client of its router.
struct Replica: Sendable {
    let client: any TestClientProtocol
    let services: AppServices
}

enum SharedCacheFixtures {
    /// Two replicas sharing one database and (for `.redis`) one Redis namespace, as two `wave3`
    /// processes behind the balancer would.
    /// `redisURL`: a private server instead of the shared one of `make test`.
    static func withReplicas(_ kind: CacheStoreKind, redisURL: String? = nil,
                             _ body: @escaping @Sendable (Replica, Replica) async throws -> Void) async throws {
        var configuration = TestEnvironment.configuration()
        if kind == .redis {
            configuration.redisURL = try redisURL ?? RedisTestSupport.url()
            configuration.redisNamespace = RedisTestSupport.namespace()
        }
        let config = configuration
        try await TestEnvironment.withDatabase { database in
            let first = await AppServices(database: database, configuration: config)
            let second = await AppServices(database: database, configuration: config)
            let appA = buildApplication(first, configuration: config, logger: Logger(label: "test-a"))
            let appB = buildApplication(second, configuration: config, logger: Logger(label: "test-b"))
            defer { first.redis?.shutdown(); second.redis?.shutdown() }
            do {
                try await appA.test(.router) { a in
                    try await appB.test(.router) { b in
                        try await body(Replica(client: a, services: first), Replica(client: b, services: second))
                    }
                }
            } catch {
                if let redis = first.redis { try? await RedisTestSupport.clear(redis, namespace: config.redisNamespace) }
                throw error
            }
            if let redis = first.redis { try await RedisTestSupport.clear(redis, namespace: config.redisNamespace) }
        }
    }

    /// One cache of `kind` on a fresh database (and a fresh Redis namespace).
    static func withCache(_ kind: CacheStoreKind, ttl: Duration = .seconds(60),
                          _ body: @escaping @Sendable (any SharedCache, any SharedCache) async throws -> Void) async throws {
        try await TestEnvironment.withDatabase { database in
            switch kind {
            case .twin:
                try await body(DatabaseSharedCache(name: "test", database: database, ttl: ttl),
                               DatabaseSharedCache(name: "test", database: database, ttl: ttl))
            case .redis:
                let namespace = RedisTestSupport.namespace()
                let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(RedisTestSupport.url())))
                let other = RedisClient(configuration: client.configuration)
                defer { client.shutdown(); other.shutdown() }
                do {
                    try await body(RedisSharedCache(name: "test", client: client, namespace: namespace, ttl: ttl),
                                   RedisSharedCache(name: "test", client: other, namespace: namespace, ttl: ttl))
                } catch {
                    try? await RedisTestSupport.clear(client, namespace: namespace)
                    throw error
                }
                try await RedisTestSupport.clear(client, namespace: namespace)
            }
        }
    }

    /// The value of `wave3_cache_requests_total{cache, result}` in a `/metrics` text (0 when absent).
    static func requests(_ metrics: String, cache: String, result: String) -> Double {
        metrics.split(separator: "\n").reduce(0) { total, line in
            guard line.hasPrefix("wave3_cache_requests_total{"), line.contains("cache=\"\(cache)\""), line.contains("result=\"\(result)\""),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return total }
            return total + value
        }
    }

    static func metrics(_ client: any TestClientProtocol) async throws -> String {
        String(buffer: try await client.send(.get, "/metrics").body)
    }
}
