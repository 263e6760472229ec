import Foundation
import HTTPTypes
import HummingbirdTesting
import Redis
import Storage
import Testing
@testable import Wave3API

@Suite struct LeaderboardAPITests {
    static func configure(_ kind: LeaderboardStoreKind, namespace: String) -> (inout AppConfiguration) -> Void {
        { configuration in
            if kind == .redis {
                configuration.redisURL = try? RedisTestSupport.url()
                configuration.redisNamespace = namespace
            }
        }
    }

    /// Right answers to the first `n` quiz items of l1 (`ProgressTests.seedQuiz`: choice 0 is right),
    /// 10 XP each the first time: the server grades, so XP needs a real item and a right answer.
    static func correct(_ n: Int) -> String {
        #"{"events":["# + (1...n).map { #"{"type":"quiz_attempt","lessonId":"l1","itemId":"q\#($0)","answer":0}"# }.joined(separator: ",") + "]}"
    }

    @Test(arguments: LeaderboardStoreKind.allCases)
    func progressLandsOnTheBoards(_ kind: LeaderboardStoreKind) async throws {
        if kind == .redis { _ = try RedisTestSupport.url() }
        let namespace = RedisTestSupport.namespace()
        try await TestEnvironment.withApp(configure: Self.configure(kind, namespace: namespace)) { client, services in
            // The replica's monitor checks Redis by itself.
            try await RedisTestSupport.eventually("boards on \(kind)") { services.leaderboards.source == kind.rawValue }
            try await ProgressTests.seedLessons(services)
            let ann = try await client.register("ann@example.org", name: "Ann")
            let bob = try await client.register("bob@example.org", name: "Bob")
            let cid = try await client.register("cid@example.org", name: "Cid")
            for (session, n) in [(ann, 3), (bob, 5)] {
                let response = try await client.send(.post, "/api/v1/progress", token: session.token, json: Self.correct(n),
                                                     headers: [ProgressController.keyHeader: "k-\(session.userId)"])
                #expect(response.status == .ok, "\(response.text)")
            }
            let page = try await client.send(.get, "/api/v1/leaderboards/all-time?limit=5&around=me", token: ann.token)
            #expect(page.status == .ok, "\(page.text)")
            let entries = page.json["entries"] as? [[String: Any]] ?? []
            #expect(entries.map { $0["displayName"] as? String } == ["Bob", "Ann"])
            #expect(entries.map { $0["xp"] as? Int } == [50, 30])
            #expect(entries.map { $0["rank"] as? Int } == [1, 2])
            #expect((page.json["me"] as? [String: Any])?["rank"] as? Int == 2)
            #expect((page.json["around"] as? [[String: Any]])?.count == 2)
            #expect(page.json["source"] as? String == kind.rawValue)

            let subject = try await client.send(.get, "/api/v1/leaderboards/subject-math", token: cid.token)
            #expect((subject.json["entries"] as? [[String: Any]])?.count == 2)
            #expect(subject.json["me"] == nil)
            #expect(subject.json["around"] == nil)
            let weekly = try await client.send(.get, "/api/v1/leaderboards/weekly", token: bob.token)
            #expect(weekly.json["week"] as? String == ISOWeek(millis: Int64(Date().timeIntervalSince1970 * 1000)).label)
            #expect((weekly.json["me"] as? [String: Any])?["rank"] as? Int == 1)

            // A replayed request moves nothing.
            _ = try await client.send(.post, "/api/v1/progress", token: ann.token, json: Self.correct(3), headers: [ProgressController.keyHeader: "k-\(ann.userId)"])
            let again = try await client.send(.get, "/api/v1/leaderboards/all-time", token: ann.token)
            #expect((again.json["me"] as? [String: Any])?["xp"] as? Int == 30)

            if let redis = services.redis { try await RedisTestSupport.clear(redis, namespace: namespace); redis.shutdown() }
        }
    }

    @Test func badRequestsGetClearErrors() async throws {
        try await TestEnvironment.withApp { client, _ in
            let ann = try await client.register("ann@example.org")
            #expect(try await client.send(.get, "/api/v1/leaderboards/all-time").status == .unauthorized)
            for (uri, status, code) in [("all-time?limit=0", HTTPResponse.Status.badRequest, "invalid_limit"),
                                        ("all-time?limit=101", .badRequest, "invalid_limit"),
                                        ("all-time?limit=ten", .badRequest, "invalid_limit"),
                                        ("all-time?around=you", .badRequest, "invalid_around"),
                                        ("monthly", .notFound, "unknown_board"),
                                        ("subject-%20x", .notFound, "unknown_board")] {
                let response = try await client.send(.get, "/api/v1/leaderboards/\(uri)", token: ann.token)
                #expect(response.status == status, "\(uri)")
                #expect(response.errorCode == code, "\(uri): \(response.text)")
            }
        }
    }
}
