import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Wave3API
import Storage

/// `/notifications`, `/admin/notifications`, `/admin/analytics/daily` on the embedded twin.
@Suite struct NotificationAPITests {
    @Test func listFiltersPagesByCursorMarksReadOnceAndCounts() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, _ in
            let learner = try await client.register("n@example.org")
            let other = try await client.register("o@example.org")
            for index in 1...5 { try await NotificationTestSupport.notify(services, id: "n\(index)", userId: learner.userId) }
            try await NotificationTestSupport.notify(services, id: "theirs", userId: other.userId)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.send(.get, "/api/v1/notifications?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: learner.token)
                #expect(page.status == .ok, "\(page.text)")
                let items = page.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 2)
                seen += items.compactMap { $0["id"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(Set(seen) == Set((1...5).map { "n\($0)" }) && seen.count == 5, "every notification once, newest first: \(seen)")

            #expect(try await client.send(.get, "/api/v1/notifications/unread-count", token: learner.token).json["count"] as? Int == 5)
            #expect(try await client.send(.post, "/api/v1/notifications/n2/read", token: learner.token).status == .noContent)
            let firstRead = try await services.notificationRepository.get(userId: learner.userId, id: "n2")?.readAt
            #expect(try await client.send(.post, "/api/v1/notifications/n2/read", token: learner.token).status == .noContent)
            #expect(try await services.notificationRepository.get(userId: learner.userId, id: "n2")?.readAt == firstRead, "the first read time stays")
            #expect(try await client.send(.get, "/api/v1/notifications/unread-count", token: learner.token).json["count"] as? Int == 4)
            let unread = try await client.send(.get, "/api/v1/notifications?unread=true", token: learner.token).json["items"] as? [[String: Any]] ?? []
            #expect(unread.count == 4 && !unread.contains { $0["id"] as? String == "n2" })

            // Someone else's notification is as unknown as a missing one.
            #expect(try await client.send(.post, "/api/v1/notifications/theirs/read", token: learner.token).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/notifications/nope/read", token: learner.token).status == .notFound)
            #expect(try await services.notificationRepository.get(userId: other.userId, id: "theirs")?.readAt == nil)
            // Bad input is a clear 4xx.
            #expect(try await client.send(.get, "/api/v1/notifications?cursor=garbage", token: learner.token).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/notifications?unread=maybe", token: learner.token).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/notifications?limit=0", token: learner.token).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/notifications?limit=101", token: learner.token).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/notifications").status == .unauthorized)
        }
    }

    @Test func adminBroadcastIs202AndFannedOutInTheBackgroundOncePerLearner() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, _ in
            let admin = try await client.admin(services)
            let a = try await client.register("a@example.org")
            let b = try await client.register("b@example.org")
            let c = try await client.register("c@example.org")

            let listed = try await client.send(.post, "/api/v1/admin/notifications", token: admin.token,
                                               json: #"{"learnerIds":["\#(a.userId)","\#(b.userId)","\#(a.userId)"],"type":"announcement","title":"Hi","body":"Two of you","priority":7}"#)
            #expect(listed.status == .accepted, "\(listed.text)")
            #expect(listed.json["status"] as? String == "queued")
            try await wait("fan-out to a and b") {
                let (na, nb) = (try await services.notificationRepository.count(userId: a.userId), try await services.notificationRepository.count(userId: b.userId))
                return na == 1 && nb == 1
            }
            let item = try #require(try await services.notificationRepository.list(userId: a.userId, unreadOnly: false, limit: 5, after: nil).first)
            #expect(item.priority == 7 && item.title == "Hi" && item.type == "announcement")

            let everyone = try await client.send(.post, "/api/v1/admin/notifications", token: admin.token, json: #"{"type":"announcement","title":"All","body":"Everyone"}"#)
            #expect(everyone.status == .accepted)
            try await wait("fan-out to every learner") {
                let (nc, na) = (try await services.notificationRepository.count(userId: c.userId), try await services.notificationRepository.count(userId: a.userId))
                return nc == 1 && na == 2
            }
            #expect(try await services.notificationRepository.count(userId: b.userId) == 2)

            for bad in [#"{"type":"x","title":"t","body":"b","priority":11}"#, #"{"type":"x","title":"","body":"b"}"#,
                        #"{"type":"bad type!","title":"t","body":"b"}"#, #"{"learnerIds":["nobody"],"type":"x","title":"t","body":"b"}"#,
                        #"{"learnerIds":[],"type":"x","title":"t","body":"b"}"#] {
                let response = try await client.send(.post, "/api/v1/admin/notifications", token: admin.token, json: bad)
                #expect(response.status == .unprocessableContent, "\(bad): \(response.text)")
            }
            #expect(try await client.send(.post, "/api/v1/admin/notifications", token: admin.token, json: "{").status == .badRequest)
            #expect(try await client.send(.post, "/api/v1/admin/notifications", token: a.token, json: #"{"type":"x","title":"t","body":"b"}"#).status == .forbidden)
        }
    }

    @Test func dailyAnalyticsCountActiveLearnersAndCompletionsPerSubject() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, _ in
            try await ProgressTests.seedLessons(services)
            let admin = try await client.admin(services)
            let a = try await client.register("a@example.org")
            let b = try await client.register("b@example.org")
            for (learner, key) in [(a, "ka"), (b, "kb")] {
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: ProgressTests.batch,
                                                     headers: [ProgressController.keyHeader: key])
                #expect(response.status == .ok)
            }
            // A replayed request adds no event, and so no activity.
            _ = try await client.send(.post, "/api/v1/progress", token: a.token, json: ProgressTests.batch, headers: [ProgressController.keyHeader: "ka"])
            let today = MessageJSON.day(millis: Timestamp.nowMillis())
            try await wait("aggregated") {
                let days = try await client.send(.get, "/api/v1/admin/analytics/daily?days=1", token: admin.token).json["days"] as? [[String: Any]] ?? []
                guard let row = days.first(where: { $0["day"] as? String == today }) else { return false }
                return row["activeLearners"] as? Int == 2 && (row["completions"] as? [String: Any])?["math"] as? Int == 2
            }
            #expect(try await client.send(.get, "/api/v1/admin/analytics/daily", token: a.token).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/admin/analytics/daily?days=0", token: admin.token).status == .badRequest)
        }
    }
}
