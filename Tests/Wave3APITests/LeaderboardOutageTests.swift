import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import Redis
import Storage
import Testing
import TestSupport
@testable import Wave3API

@Suite struct LeaderboardOutageTests {
    @Test func aRedisOutageUnderTrafficLosesNoXPAndHealsItself() async throws {
        let redis = try PrivateRedisServer.start()
        defer { redis.stop() }
        try await TestEnvironment.withApp(configure: { $0.redisURL = redis.url }) { client, services in
            let monitor = Task { try await LeaderboardMonitorService(store: services.leaderboards.redis!, interval: .milliseconds(50)).run() }
            defer { monitor.cancel() }
            try await RedisTestSupport.eventually("boards served from Redis") { services.leaderboards.source == "redis" }
            try await ProgressTests.seedLessons(services)
            let learners = [try await client.register("a@example.org"), try await client.register("b@example.org"),
                            try await client.register("c@example.org")]
            let acknowledged = NIOLockedValueBox<[String: Int]>([:])
            let sent = NIOLockedValueBox(0)
            func post(_ round: Int) async throws {
                let learner = learners[round % learners.count]
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: LeaderboardAPITests.correct(1 + round % 3),
                                                     headers: [ProgressController.keyHeader: "round-\(round)"])
                #expect(response.status == .ok, "\(response.text)")
                // The XP the server says it awarded (an item pays once, on its first right answer).
                let awarded = (response.json["results"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["xp"] as? Int ?? 0) }
                if response.status == .ok { acknowledged.withLockedValue { $0[learner.userId, default: 0] += awarded } }
                sent.withLockedValue { $0 += 1 }
            }
            var round = 0
            for _ in 0..<10 { try await post(round); round += 1 }

            try redis.kill()
            for _ in 0..<10 { try await post(round); round += 1 }
            try await RedisTestSupport.eventually("Redis reported degraded") { services.leaderboards.source == "ledger" }
            let health = try await client.send(.get, "/health/ready")
            #expect(health.status == .ok, "Redis down never takes the replica out")
            #expect(((health.json["checks"] as? [String: Any])?["redis"] as? String)?.hasPrefix("degraded") == true, "\(health.text)")
            let during = try await client.send(.get, "/api/v1/leaderboards/all-time?around=me", token: learners[0].token)
            #expect(during.status == .ok && during.json["source"] as? String == "ledger")
            for _ in 0..<10 { try await post(round); round += 1 }

            try redis.restart()
            for _ in 0..<10 { try await post(round); round += 1 }
            try await RedisTestSupport.eventually("boards back on Redis") { services.leaderboards.source == "redis" }

            // Every acknowledged award is in the ledger, and Redis agrees with the ledger.
            let expected = acknowledged.withLockedValue { $0 }
            for learner in learners {
                #expect(try await services.progress.xp(userId: learner.userId) == expected[learner.userId] ?? 0)
            }
            let ledger = LedgerLeaderboard(database: services.database)
            try await RedisTestSupport.eventually("Redis boards equal a rebuild from the ledger") {
                var equal = true
                for learner in learners {
                    let fromRedis = try await services.leaderboards.store.page(.allTime, limit: 10, userId: learner.userId, radius: 3)
                    let fromLedger = try await ledger.page(.allTime, limit: 10, userId: learner.userId, radius: 3)
                    if fromRedis != fromLedger { equal = false }
                }
                return equal && services.leaderboards.source == "redis"
            }
            let health2 = try await client.send(.get, "/health/ready")
            #expect((health2.json["checks"] as? [String: Any])?["redis"] as? String == "ok")
            #expect(sent.withLockedValue { $0 } == 40)
            services.redis?.shutdown()
        }
    }
}
