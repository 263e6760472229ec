import Foundation
import HTTPTypes
import HummingbirdTesting
import Redis
import Testing
import TestSupport
@testable import Wave3API

/// Redis killed under the shared caches: requests keep being served from the database (counted as
/// cache errors), an edit made meanwhile is not lost on the caches, and caching resumes by itself.
@Suite struct CacheOutageTests {
    @Test func redisDownBypassesTheCachesAndTheyRecover() async throws {
        let redis = try PrivateRedisServer.start()
        defer { redis.stop() }
        try await SharedCacheFixtures.withReplicas(.redis, redisURL: redis.url) { a, b in
            let retry = Task { await a.services.caches.retryForever() }
            defer { retry.cancel() }
            try await ProgressTests.seedLessons(a.services)
            let admin = try await a.client.admin(a.services)
            let lessons = a.services.caches.lessons
            let key = LessonController.cacheKey(["lesson", "l1"])
            func title(_ replica: Replica) async throws -> String? {
                let response = try await replica.client.send(.get, "/api/v1/lessons/l1")
                #expect(response.status == .ok)
                return response.json["title"] as? String
            }
            #expect(try await title(a) == "l1")
            #expect(await lessons.lookup(CacheRuntime.allLessons, key).value != nil)

            try redis.kill()
            let before = SharedCacheFixtures.requests(try await SharedCacheFixtures.metrics(a.client), cache: "lessons", result: "error")
            for _ in 0..<5 { #expect(try await title(a) == "l1") }
            let edit = #"{"title":"Edited while down","subject":"math","skills":["math.arithmetic"],"content":"x","estimatedMinutes":7}"#
            #expect(try await a.client.send(.put, "/api/v1/lessons/l1", token: admin.token, json: edit).status == .ok)
            #expect(try await title(a) == "Edited while down")
            #expect(try await title(b) == "Edited while down")
            let learner = try await b.client.register("down@example.org")
            #expect(try await b.client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations", token: learner.token).status == .ok)
            let after = SharedCacheFixtures.requests(try await SharedCacheFixtures.metrics(a.client), cache: "lessons", result: "error")
            #expect(after >= before + 5)
            #expect(a.services.caches.pendingInvalidations > 0)

            try redis.restart()
            try await RedisTestSupport.eventually("the edit's invalidation delivered") { a.services.caches.pendingInvalidations == 0 }
            try await RedisTestSupport.eventually("lessons cached in Redis again") {
                _ = try await title(b)
                return await lessons.lookup(CacheRuntime.allLessons, key).value != nil
            }
            #expect(try await title(a) == "Edited while down")
        }
    }
}
