import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import Storage
@testable import Wave3API

/// Issue 9: nothing a client claims may move state the server cannot verify. A completion's score
/// comes from the server's grades; a duration is credited only up to the server's clock since the
/// lesson's start (docs/api.md, "What the server decides").
@Suite struct ProgressClaimsTests {
    /// Posts `lesson_started` for `lesson`, then moves its recording time `ago` ms into the past,
    /// as if the learner had opened the lesson that long ago.
    static func startLesson(_ lesson: String, client: any TestClientProtocol, learner: Session, services: AppServices,
                            ago: Int64) async throws {
        let started = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_started","lessonId":"\#(lesson)"}"#,
                                            headers: [ProgressController.keyHeader: "start-\(lesson)-\(ago)"])
        #expect(started.status == .ok, "\(started.text)")
        try await services.database.sql.raw("""
            UPDATE progress_events SET recorded_at = recorded_at - \(bind: ago)
            WHERE user_id = \(bind: learner.userId) AND lesson_id = \(bind: lesson) AND type = 'lesson_started'
            """).run()
    }

    static func post(_ client: any TestClientProtocol, _ learner: Session, _ key: String, _ body: String) async throws -> TestResponse {
        try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: key])
    }

    static func lesson(_ services: AppServices, _ learner: Session, _ id: String) async throws -> LessonProgressRecord {
        try #require(try await services.progress.lessonProgress(userId: learner.userId).first { $0.lessonId == id })
    }

    @Test func aClaimedScoreIsRefusedAndTheServerScoresFromItsGrades() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("claims@example.org")
            // The lie: 100 %, with every answer wrong.
            let lie = try await Self.post(client, learner, "lie", #"{"events":[{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":1},{"type":"lesson_completed","lessonId":"l1","score":100}]}"#)
            #expect(lie.status == .unprocessableContent)
            #expect(lie.errorCode == "score_not_accepted")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 0, "nothing of the refused request is stored")

            // Without the claim: the server's figure, no credit for wrong answers.
            let wrong = try await Self.post(client, learner, "wrong", #"{"events":[{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":1},{"type":"lesson_completed","lessonId":"l1"}]}"#)
            #expect(wrong.status == .ok, "\(wrong.text)")
            #expect(try await Self.lesson(services, learner, "l1").score == 0)
            let stored = try await services.progress.events(userId: learner.userId).first { $0.type == EventType.lessonCompleted.rawValue }
            #expect(stored?.score == 0, "what experiments and the mastery features read is the server's score")

            // Two of l1's eight items right (q1 on a second try: its latest attempt counts) → 25.
            let better = try await Self.post(client, learner, "better", #"{"events":[{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":0},{"type":"quiz_attempt","lessonId":"l1","itemId":"q2","answer":0},{"type":"lesson_completed","lessonId":"l1"}]}"#)
            #expect(better.status == .ok, "\(better.text)")
            #expect(try await Self.lesson(services, learner, "l1").score == 25)
            // A later wrong answer lowers the latest grade; the lesson keeps its best score.
            _ = try await Self.post(client, learner, "worse", #"{"events":[{"type":"quiz_attempt","lessonId":"l1","itemId":"q2","answer":2},{"type":"lesson_completed","lessonId":"l1"}]}"#)
            #expect(try await Self.lesson(services, learner, "l1").score == 25)
            let scores = try await services.progress.events(userId: learner.userId).filter { $0.type == EventType.lessonCompleted.rawValue }.compactMap(\.score)
            #expect(scores.sorted() == [0, 12.5, 25], "each completion stored with the server's score at its time")
        }
    }

    @Test func aLessonWithoutQuizItemsHasNoScore() async throws {
        try await TestEnvironment.withApp { client, services in
            try await services.lessons.upsertSubject(SubjectRecord(id: "math", name: "Math", description: ""))
            _ = try await services.lessons.create(id: "plain", draft: LessonDraft(subjectId: "math", title: "Plain", content: "text", estimatedMinutes: 5,
                                                                              difficulty: "beginner", skills: ["math.arithmetic"], prerequisites: [])) { _ in }
            let learner = try await client.register("plain@example.org")
            #expect(try await Self.post(client, learner, "done", #"{"type":"lesson_completed","lessonId":"plain"}"#).status == .ok)
            let row = try await Self.lesson(services, learner, "plain")
            #expect(row.status == "completed" && row.score == nil)
        }
    }

    @Test func tenHoursClaimedRightAfterTheStartAreClamped() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("clock@example.org")
            let before = Timestamp.nowMillis()
            #expect(try await Self.post(client, learner, "s", #"{"type":"lesson_started","lessonId":"l1"}"#).status == .ok)
            let claim = try await Self.post(client, learner, "t", #"{"type":"time_spent","lessonId":"l1","durationMs":36000000}"#)
            let elapsed = Timestamp.nowMillis() - before
            #expect(claim.status == .ok, "\(claim.text)")
            let credited = try await Self.lesson(services, learner, "l1").timeSpentMs
            #expect(credited <= elapsed, "credited \(credited) ms of a 10 h claim, but only \(elapsed) ms passed")
            let stored = try await services.progress.events(userId: learner.userId).first { $0.type == EventType.timeSpent.rawValue }
            #expect(stored?.durationMs == credited, "the stored event carries the credited figure")
        }
    }

    @Test func timeIsCreditedOnceAgainstTheServerClock() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("time@example.org")
            // No start on record: nothing to measure against, nothing credited.
            #expect(try await Self.post(client, learner, "nostart", #"{"type":"time_spent","lessonId":"l2","durationMs":60000}"#).status == .ok)
            #expect(try await Self.lesson(services, learner, "l2").timeSpentMs == 0)

            // Started an hour ago: 40 min, then 40 min more — but only one hour has passed.
            try await Self.startLesson("l1", client: client, learner: learner, services: services, ago: 3_600_000)
            _ = try await Self.post(client, learner, "a", #"{"type":"time_spent","lessonId":"l1","durationMs":2400000}"#)
            #expect(try await Self.lesson(services, learner, "l1").timeSpentMs == 2_400_000)
            _ = try await Self.post(client, learner, "b", #"{"events":[{"type":"time_spent","lessonId":"l1","durationMs":2400000},{"type":"video_view","lessonId":"l1","durationMs":600000}]}"#)
            let total = try await Self.lesson(services, learner, "l1").timeSpentMs
            #expect(total >= 3_600_000 && total < 3_600_000 + 60_000, "the time since the start, credited once: \(total)")

            // Started ten hours ago: one event adds at most the per-event maximum.
            try await Self.startLesson("l2", client: client, learner: learner, services: services, ago: 36_000_000)
            _ = try await Self.post(client, learner, "long", #"{"type":"time_spent","lessonId":"l2","durationMs":36000000}"#)
            #expect(try await Self.lesson(services, learner, "l2").timeSpentMs == ProgressRepository.Limits.maxCreditedDurationMs)
        }
    }
}
