import DatabaseLayer
import Foundation
import LearningCore
import Redis
import Storage
import Testing
@testable import Wave3API

/// The same expectations on both stores: the ledger twin and Redis.
@Suite struct LeaderboardStoreTests {
    func ids(_ entries: [LeaderboardEntry]) -> [String] { entries.map(\.userId) }

    @Test(arguments: LeaderboardStoreKind.allCases)
    func ranksBreakTiesByTimeThenIdOnBothStores(_ kind: LeaderboardStoreKind) async throws {
        try await RedisTestSupport.withStore(kind) { store, seed, _, _, _ in
            let now = Timestamp.nowMillis()
            let base = max(ISOWeek(millis: now).start, now - 60_000) / 1000 * 1000
            for id in ["u1", "u2", "u3", "u4", "u5", "u6"] { try await seed.user(id) }
            try await seed.award("u1", xp: 50, at: base + 1_000)
            try await seed.award("u2", xp: 50, at: base + 3_000)
            try await seed.award("u3", xp: 30, at: base, subject: "physics")
            try await seed.award("u3", xp: 30, at: base + 5_000, subject: "physics")
            try await seed.award("u4", xp: 50, at: base + 1_400) // same second as u1: the larger id ranks first
            try await seed.award("u5", xp: 10, at: base + 2_000)
            try await seed.award("u5", xp: 100, at: now - 30 * 86_400_000) // a month ago: all-time only
            for id in ["u1", "u2", "u3", "u4", "u5"] { await store.awarded(userId: id) }

            let allTime = try await store.page(.allTime, limit: 3, userId: "u2", radius: 1)
            #expect(ids(allTime.top) == ["u5", "u3", "u4"])
            #expect(allTime.top.map(\.rank) == [1, 2, 3])
            #expect(allTime.top.map(\.xp) == [110, 60, 50])
            #expect(allTime.me == LeaderboardEntry(rank: 5, userId: "u2", xp: 50, reachedAt: (base + 3_000) / 1000))
            #expect(ids(allTime.around) == ["u1", "u2"])
            #expect(allTime.around.map(\.rank) == [4, 5])

            let weekly = try await store.page(.weekly(ISOWeek(millis: now)), limit: 10, userId: "u5", radius: 0)
            #expect(ids(weekly.top) == ["u3", "u4", "u1", "u2", "u5"])
            #expect(weekly.me?.rank == 5 && weekly.me?.xp == 10)
            #expect(weekly.around.isEmpty)

            let math = try await store.page(.subject("math"), limit: 10, userId: "u4", radius: 1)
            #expect(ids(math.top) == ["u5", "u4", "u1", "u2"])
            #expect(ids(math.around) == ["u5", "u4", "u1"])
            let physics = try await store.page(.subject("physics"), limit: 10, userId: "u1", radius: 3)
            #expect(ids(physics.top) == ["u3"])
            #expect(physics.me == nil && physics.around.isEmpty)

            let nobody = try await store.page(.allTime, limit: 2, userId: "u6", radius: 3)
            #expect(nobody.me == nil && nobody.top.count == 2)
        }
    }

    @Test func redisAgreesWithTheLedgerOnARandomLedger() async throws {
        try await RedisTestSupport.withStore(.redis) { store, seed, _, _, _ in
            var random = LearningCore.SeededGenerator(seed: 11)
            let now = Timestamp.nowMillis()
            let weekStart = ISOWeek(millis: now).start
            let learners = (0..<120).map { "learner-\($0)" }
            for id in learners { try await seed.user(id) }
            for id in learners {
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    // Coarse times and amounts make many ties.
                    let at = Bool.random(using: &random) ? weekStart + Int64.random(in: 0...5, using: &random) * 1000
                                                         : weekStart - Int64.random(in: 1...3, using: &random) * 86_400_000
                    try await seed.award(id, xp: [5, 10, 50].randomElement(using: &random)!, at: min(at, now),
                                         subject: ["math", "physics"].randomElement(using: &random)!)
                }
                await store.awarded(userId: id)
            }
            let ledger = LedgerLeaderboard(database: seed.database)
            for board: LeaderboardBoard in [.allTime, .weekly(ISOWeek(millis: now)), .subject("math"), .subject("physics")] {
                for id in learners.shuffled(using: &random).prefix(15) {
                    let expected = try await ledger.page(board, limit: 25, userId: id, radius: 3)
                    let got = try await store.page(board, limit: 25, userId: id, radius: 3)
                    #expect(got == expected, "\(board) for \(id)")
                }
            }
        }
    }

    @Test func aResetRedisIsRebuiltOnceFromTheLedger() async throws {
        try await RedisTestSupport.withStore(.redis) { store, seed, runtime, client, _ in
            let client = try #require(client)
            let now = Timestamp.nowMillis()
            for id in ["a", "b", "c"] { try await seed.user(id) }
            try await seed.award("a", xp: 10, at: now - 2_000)
            try await seed.award("b", xp: 20, at: now - 2_000)
            for id in ["a", "b"] { await store.awarded(userId: id) }
            // A restart without persistence: every key gone, the script cache too.
            let namespace = String(runtime.redis!.prefix.dropLast("lb:".count))
            try await RedisTestSupport.clear(client, namespace: namespace)
            try await client.command("SCRIPT", "FLUSH")
            try await seed.award("c", xp: 30, at: now - 1_000)
            await store.awarded(userId: "c")
            await runtime.check()
            #expect(runtime.source == "redis")
            let page = try await store.page(.allTime, limit: 10, userId: "a", radius: 0)
            #expect(ids(page.top) == ["c", "b", "a"])
            // Another replica holding the lock keeps this one on the ledger instead of rebuilding twice.
            try await RedisTestSupport.clear(client, namespace: namespace)
            let other = runtime.redis!
            try await client.command("SET", other.lockKey, "another-replica", "PX", "60000")
            await runtime.check()
            #expect(runtime.source == "ledger")
            #expect(try await store.page(.allTime, limit: 10, userId: "a", radius: 0).top.count == 3)
            try await client.command("DEL", other.lockKey)
            await runtime.check()
            #expect(runtime.source == "redis")
        }
    }

    @Test func movesIntoAndInsideTheTopTenArePublished() async throws {
        try await RedisTestSupport.withStore(.redis) { store, seed, _, _, changes in
            let now = Timestamp.nowMillis() - 60_000
            for index in 0..<12 {
                try await seed.user("p\(index)")
                try await seed.award("p\(index)", xp: 100 + index, at: now)
                await store.awarded(userId: "p\(index)")
            }
            try await seed.user("climber")
            try await seed.award("climber", xp: 1, at: now)
            await store.awarded(userId: "climber")
            #expect(!changes.all.contains { $0.userId == "climber" }, "13th place is not news")
            try await seed.award("climber", xp: 105, at: now + 1_000)
            await store.awarded(userId: "climber")
            let entered = try #require(changes.all.last { $0.userId == "climber" && $0.board == "all-time" })
            #expect(entered.previousRank == 13 && entered.rank == 7)
            try await seed.award("climber", xp: 100, at: now + 2_000)
            await store.awarded(userId: "climber")
            #expect(changes.all.last { $0.userId == "climber" && $0.board == "all-time" } ==
                    LeaderboardRankChange(board: "all-time", userId: "climber", previousRank: 7, rank: 1))
        }
    }

    @Test func packedScoresOrderLikeTheLedger() {
        let t = (LeaderboardScore.epochSeconds + 1_000) * 1000
        #expect(LeaderboardScore.pack(xp: 51, reachedMillis: t + 99_000) > LeaderboardScore.pack(xp: 50, reachedMillis: t))
        #expect(LeaderboardScore.pack(xp: 50, reachedMillis: t) > LeaderboardScore.pack(xp: 50, reachedMillis: t + 1_000))
        #expect(LeaderboardScore.pack(xp: 50, reachedMillis: t) == LeaderboardScore.pack(xp: 50, reachedMillis: t + 999))
        let packed = LeaderboardScore.pack(xp: LeaderboardScore.maximumXP, reachedMillis: t)
        #expect(Int64(exactly: Double(packed)) == packed, "exact in a Redis score")
        #expect(LeaderboardScore.unpack(packed) == (LeaderboardScore.maximumXP, t / 1000))
    }

    @Test func boardNames() {
        #expect(LeaderboardBoard(name: "all-time", now: 0) == .allTime)
        #expect(LeaderboardBoard(name: "subject-math", now: 0) == .subject("math"))
        #expect(LeaderboardBoard(name: "subject-", now: 0) == nil)
        #expect(LeaderboardBoard(name: "subject-a b", now: 0) == nil)
        #expect(LeaderboardBoard(name: "monthly", now: 0) == nil)
        // 2026-12-03 is a Thursday of ISO week 49; weeks start on Monday 00:00 UTC.
        let week = ISOWeek(millis: 1_796_299_200_000)
        #expect(week.label == "2026-W49")
        #expect(week.start == 1_795_996_800_000 && week.end == week.start + 7 * 86_400_000)
        #expect(ISOWeek(millis: 1_609_459_200_000).label == "2020-W53") // 2021-01-01
    }
}
