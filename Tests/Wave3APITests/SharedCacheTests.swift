import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import Redis
import Testing
@testable import Wave3API

/// The `SharedCache` contract and the replicas' view of it, on Redis and on the database twin
/// (docs/redis.md, "Shared caches").
@Suite struct SharedCacheTests {
    @Test(arguments: CacheStoreKind.allCases)
    func storedValuesAreSharedAndScopesDropIndependently(_ kind: CacheStoreKind) async throws {
        try await SharedCacheFixtures.withCache(kind) { one, two in
            let miss = await one.lookup("alice", "k")
            #expect(miss.value == nil && miss.generation != nil)
            await one.store("v1", for: miss)
            await one.store("b1", for: await one.lookup("bob", "k"))
            // Twin entries live in each process: replicas share generations, not values.
            #expect(await one.lookup("alice", "k").value == "v1")
            if kind == .redis { #expect(await two.lookup("alice", "k").value == "v1") }

            await two.invalidate("alice")
            #expect(await one.lookup("alice", "k").value == nil)
            #expect(await one.lookup("bob", "k").value == "b1")

            await two.invalidateAll()
            #expect(await one.lookup("bob", "k").value == nil)
        }
    }

    @Test(arguments: CacheStoreKind.allCases)
    func aValueReadBeforeAnInvalidationIsNotStoredAfterIt(_ kind: CacheStoreKind) async throws {
        try await SharedCacheFixtures.withCache(kind) { one, two in
            let before = await one.lookup("all", "page")
            await two.invalidate("all")
            await one.store("stale", for: before)
            #expect(await one.lookup("all", "page").value == nil)
            let everything = await one.lookup("all", "page")
            await two.invalidateAll()
            await one.store("stale", for: everything)
            #expect(await one.lookup("all", "page").value == nil)
        }
    }

    @Test(arguments: CacheStoreKind.allCases)
    func entriesExpire(_ kind: CacheStoreKind) async throws {
        try await SharedCacheFixtures.withCache(kind, ttl: .milliseconds(200)) { one, _ in
            await one.store("v", for: await one.lookup("s", "k"))
            #expect(await one.lookup("s", "k").value == "v")
            try await RedisTestSupport.eventually("the entry expired", timeout: .seconds(5)) { await one.lookup("s", "k").value == nil }
        }
    }

    @Test(arguments: CacheStoreKind.allCases)
    func aLessonEditOnOneReplicaIsSeenOnTheOtherAtOnce(_ kind: CacheStoreKind) async throws {
        try await SharedCacheFixtures.withReplicas(kind) { a, b in
            try await ProgressTests.seedLessons(a.services)
            let admin = try await a.client.admin(a.services)
            let before = try await SharedCacheFixtures.metrics(b.client)
            for _ in 0..<2 {
                #expect(try await b.client.send(.get, "/api/v1/lessons/l1").json["title"] as? String == "l1")
                #expect((try await b.client.send(.get, "/api/v1/lessons?limit=5").json["items"] as? [[String: Any]])?.first?["title"] as? String == "l1")
            }
            let after = try await SharedCacheFixtures.metrics(b.client)
            #expect(SharedCacheFixtures.requests(after, cache: "lessons", result: "hit") >= SharedCacheFixtures.requests(before, cache: "lessons", result: "hit") + 2)

            let edit = #"{"title":"Renamed","subject":"math","skills":["math.arithmetic"],"content":"new text","estimatedMinutes":7}"#
            #expect(try await a.client.send(.put, "/api/v1/lessons/l1", token: admin.token, json: edit).status == .ok)
            // No wait: the TTL is minutes, the other replica must not serve its old copy.
            #expect(try await b.client.send(.get, "/api/v1/lessons/l1").json["title"] as? String == "Renamed")
            #expect((try await b.client.send(.get, "/api/v1/lessons?limit=5").json["items"] as? [[String: Any]])?.first?["title"] as? String == "Renamed")
            let created = try await b.client.send(.post, "/api/v1/lessons", token: admin.token,
                                                  json: #"{"title":"Third","subject":"math","content":"more","estimatedMinutes":3}"#)
            #expect(created.status == .created)
            #expect((try await a.client.send(.get, "/api/v1/lessons?limit=5").json["items"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test(arguments: CacheStoreKind.allCases)
    func aLearnersProgressDropsTheirRecommendationsOnEveryReplica(_ kind: CacheStoreKind) async throws {
        try await SharedCacheFixtures.withReplicas(kind) { a, b in
            try await ProgressTests.seedLessons(a.services)
            let learner = try await a.client.register("r@example.org")
            let other = try await a.client.register("o@example.org")
            let path = "/api/v1/learners/\(learner.userId)/recommendations?algorithm=prerequisite&limit=10"
            func recommended(_ replica: Replica, _ session: Session = learner, _ uri: String? = nil) async throws -> [String] {
                let response = try await replica.client.send(.get, uri ?? path, token: session.token)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["lessonId"] as? String }
            }
            #expect(try await recommended(b).contains("l1"))
            #expect(await b.services.caches.recommendations.lookup(learner.userId, LessonController.cacheKey(["0", "prerequisite", "10"])).value != nil)
            let otherPath = "/api/v1/learners/\(other.userId)/recommendations?algorithm=prerequisite&limit=10"
            _ = try await recommended(b, other, otherPath)

            let done = try await a.client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_completed","lessonId":"l1"}"#,
                                               headers: [ProgressController.keyHeader: "done-l1"])
            #expect(done.status == .ok)
            #expect(try await !recommended(b).contains("l1"))
            // Only that learner's scope was dropped.
            #expect(await b.services.caches.recommendations.lookup(other.userId, LessonController.cacheKey(["0", "prerequisite", "10"])).value != nil)
        }
    }

    @Test func replicasHearEachOthersInvalidationsOverPubSub() async throws {
        try await SharedCacheFixtures.withReplicas(.redis) { a, b in
            let heard = NIOLockedValueBox<[CacheEvent]>([])
            let caches = b.services.caches
            let listener = Task {
                await CacheInvalidationService(client: caches.client!, channel: caches.channel, caches: [], handle: { event in
                    heard.withLockedValue { $0.append(event) }
                }).runUntilCancelled()
            }
            defer { listener.cancel() }
            try await RedisTestSupport.eventually("subscribed") { heard.withLockedValue { $0.contains(.resubscribed) } }
            await a.services.caches.lessons.invalidate(CacheRuntime.allLessons)
            await a.services.caches.announceModelChange(version: 7)
            try await RedisTestSupport.eventually("both events heard") {
                heard.withLockedValue { $0.contains(.dropped(cache: "lessons", scope: "all")) && $0.contains(.modelsChanged) }
            }
        }
    }

    @Test func cacheTTLsComeFromTheEnvironmentWithinBounds() throws {
        let config = try AppConfiguration.fromEnvironment(["WAVE3_CACHE_LESSON_TTL_SECONDS": "30", "WAVE3_CACHE_RECOMMENDATION_TTL_SECONDS": "5"])
        #expect(config.lessonCacheTTL == .seconds(30) && config.recommendationCacheTTL == .seconds(5))
        #expect(try AppConfiguration.fromEnvironment([:]).lessonCacheTTL == .seconds(300))
        for bad in ["0", "-1", "86401", "ten"] {
            #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(["WAVE3_CACHE_LESSON_TTL_SECONDS": bad]) }
        }
    }
}
