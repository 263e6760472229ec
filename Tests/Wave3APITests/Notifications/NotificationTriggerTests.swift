import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Wave3API
import Storage

/// The real causes of notifications (docs/notifications.md): badges, leaderboard rank changes, a
/// new lesson in a studied subject, a new recommendation after training.
@Suite struct NotificationTriggerTests {
    static func progress(_ client: some TestClientProtocol, _ session: Session, key: String, _ json: String) async throws {
        let response = try await client.send(.post, "/api/v1/progress", token: session.token, json: json, headers: [ProgressController.keyHeader: key])
        #expect(response.status == .ok, "\(response.text)")
    }

    static func ids(_ services: AppServices, _ userId: String, type: String) async throws -> [String] {
        try await services.notificationRepository.list(userId: userId, unreadOnly: false, limit: 100, after: nil).filter { $0.type == type }.map(\.id)
    }

    @Test func badgesAreAwardedOnceAndTopTenRankChangesAreAnnounced() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, port in
            try await ProgressTests.seedLessons(services)
            let a = try await client.register("a@example.org", name: "Ada")
            let b = try await client.register("b@example.org", name: "Bob")
            let socket = try await SocketRecorder.open(port: port, token: a.token)

            try await Self.progress(client, a, key: "a1", ProgressTests.batch)  // 60 XP, first lesson
            try await wait("first badge and first rank") {
                let badges = try await Self.ids(services, a.userId, type: "badge")
                let ranks = try await Self.ids(services, a.userId, type: "leaderboard")
                return badges == ["badge:lessons-1:\(a.userId)"] && ranks.count == 1
            }
            // The same request replayed, then another completion of the same lesson: no new badge.
            try await Self.progress(client, a, key: "a1", ProgressTests.batch)
            try await Self.progress(client, a, key: "a2", #"{"type":"lesson_completed","lessonId":"l1"}"#)
            try await Self.progress(client, a, key: "a3", #"{"type":"lesson_completed","lessonId":"l2"}"#)  // 110 XP
            try await wait("the 100 XP badge") { try await Self.ids(services, a.userId, type: "badge").contains("badge:xp-100:\(a.userId)") }
            let badges = try await Self.ids(services, a.userId, type: "badge")
            #expect(badges.sorted() == ["badge:lessons-1:\(a.userId)", "badge:xp-100:\(a.userId)"].sorted(), "each badge once: \(badges)")
            #expect(try await NotificationTestSupport.count(services, "SELECT COUNT(*) AS n FROM badges WHERE user_id = '\(a.userId)'") == 2)

            // Bob overtakes Ada (120 XP against 110): both hear of their new rank.
            try await Self.progress(client, b, key: "b1", ProgressTests.batch)
            try await Self.progress(client, b, key: "b2", #"{"events":[{"type":"lesson_completed","lessonId":"l2"},{"type":"quiz_attempt","lessonId":"l2","itemId":"l2-q1","answer":0}]}"#)
            try await wait("Ada told she is #2") {
                try await services.notificationRepository.list(userId: a.userId, unreadOnly: false, limit: 100, after: nil)
                    .contains { $0.type == "leaderboard" && $0.title == "Leaderboard: #2" }
            }
            #expect(try await services.notificationRepository.list(userId: b.userId, unreadOnly: false, limit: 100, after: nil)
                .contains { $0.type == "leaderboard" && $0.title == "Leaderboard: #1" })
            // Sockets get the board itself too.
            try await wait("board pushed") {
                socket.messages(type: "leaderboard").contains { (($0["entries"] as? [[String: Any]])?.first?["learnerId"] as? String) == b.userId }
            }
            #expect(Set(socket.notificationIds).count == socket.notificationIds.count, "no notification twice on the socket")
        }
    }

    @Test func aNewLessonReachesItsSubjectsLearnersAndTrainingAnnouncesNewRecommendations() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, port in
            try await ProgressTests.seedLessons(services)
            try await services.lessons.upsertSubject(SubjectRecord(id: "art", name: "Art", description: ""))
            // The seed's own lessons are announced before anyone studies math: otherwise whether
            // a also hears of l2 depends on whether its task ran before or after a's progress.
            services.notifications.outboxWritten()
            try await wait("seed lessons announced") {
                try await NotificationTestSupport.count(services, "SELECT COUNT(*) AS n FROM outbox WHERE id LIKE 'lesson-published:%' AND status = 'sent'") == 2
            }
            let a = try await client.register("a@example.org")
            let idle = try await client.register("idle@example.org")
            try await Self.progress(client, a, key: "a1", ProgressTests.batch)
            let socket = try await SocketRecorder.open(port: port, token: a.token)

            _ = try await services.lessons.create(id: "l3", draft: LessonDraft(subjectId: "math", title: "Fractions", content: "text", estimatedMinutes: 5,
                                                                               difficulty: "beginner", skills: ["math.arithmetic"], prerequisites: [])) { _ in }
            _ = try await services.lessons.create(id: "p1", draft: LessonDraft(subjectId: "art", title: "Colour", content: "text", estimatedMinutes: 5,
                                                                               difficulty: "beginner", skills: ["art.colour"], prerequisites: [])) { _ in }
            services.notifications.outboxWritten()
            do {
                try await wait("new lesson announced") { try await Self.ids(services, a.userId, type: "new_lesson") == ["lesson:l3:\(a.userId)"] }
            } catch {
                let all = try await services.notificationRepository.list(userId: a.userId, unreadOnly: false, limit: 100, after: nil).map(\.id)
                let rows = try await services.database.sql.raw("SELECT id, status, attempts FROM outbox WHERE kind = 'task'").all()
                    .map { "\(try $0.decode(column: "id", as: String.self))=\(try $0.decode(column: "status", as: String.self))" }
                Issue.record("notifications of a: \(all); tasks: \(rows)")
                throw error
            }
            try await wait("lesson_update on the socket") { socket.messages(type: "lesson_update").contains { $0["lessonId"] as? String == "l3" } }
            #expect(try await Self.ids(services, idle.userId, type: "new_lesson").isEmpty, "a learner who never studied math hears nothing")
            #expect(!(try await Self.ids(services, a.userId, type: "new_lesson").contains("lesson:p1:\(a.userId)")), "nor of a subject not studied")

            // What `wave3 train` enqueues after a new model version: one recompute per learner.
            for version in ["v1", "v2"] {
                try await services.database.transaction { sql in
                    try await Outbox.enqueue(task: TaskMessage(id: "trained:\(version)", task: "recompute_all", args: [:]), on: sql)
                }
                services.notifications.outboxWritten()
                try await wait("recompute done for \(version)") {
                    try await NotificationTestSupport.count(services, "SELECT COUNT(*) AS n FROM outbox WHERE id LIKE 'trained:\(version)%' AND status = 'sent'") == 2
                }
            }
            try await wait("recommendation announced") { try await Self.ids(services, a.userId, type: "recommendation").count == 1 }
            #expect(try await Self.ids(services, a.userId, type: "recommendation").count == 1, "the same top recommendation is announced once")
        }
    }

    @Test func aThrowingTaskIsRetriedWithBackOffThenDeadLettered() async throws {
        try await NotificationTestSupport.withLiveApp(configure: {
            $0.notifications.taskMaxAttempts = 3
            $0.notifications.taskRetryBaseMillis = 100
        }) { _, services, _ in
            let start = Timestamp.nowMillis()
            try await services.database.transaction { sql in
                try await Outbox.enqueue(task: TaskMessage(id: "doomed", task: "recompute_recommendations", args: ["learnerId": "nobody"]), on: sql)
            }
            services.notifications.outboxWritten()
            try await wait("dead-lettered") { try await NotificationTestSupport.count(services, "SELECT COUNT(*) AS n FROM dead_tasks WHERE id = 'doomed'") == 1 }
            let row = try #require(try await services.database.sql.raw("SELECT attempts, failed_at FROM dead_tasks WHERE id = 'doomed'").first())
            #expect(try row.decode(column: "attempts", as: Int.self) == 3)
            // Back-off 100 ms then 400 ms between the three tries.
            #expect(try row.decode(column: "failed_at", as: Int64.self) - start >= 500)
        }
    }
}
