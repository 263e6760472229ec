import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Wave3API
import Storage

@Suite struct ProgressTests {
    /// A subject and two lessons written straight through the repository.
    static func seedLessons(_ services: AppServices) async throws {
        try await services.lessons.upsertSubject(SubjectRecord(id: "math", name: "Math", description: ""))
        for id in ["l1", "l2"] {
            _ = try await services.lessons.create(id: id, draft: LessonDraft(subjectId: "math", title: id, content: "text", estimatedMinutes: 5,
                                                                            difficulty: "beginner", skills: ["math.arithmetic"], prerequisites: [])) { _ in }
        }
        try await seedQuiz(services)
    }

    /// Quiz items q1…q8 of l1 (the right answer is choice 0) and l2-q1 of l2.
    static func seedQuiz(_ services: AppServices, withL2: Bool = true) async throws {
        for (id, lesson) in (1...8).map({ ("q\($0)", "l1") }) + (withL2 ? [("l2-q1", "l2")] : []) {
            try await services.lessons.upsertQuizItem(QuizItemRecord(id: id, lessonId: lesson, skillId: "math.arithmetic", prompt: "Prompt \(id)",
                                                                     choices: #"["right","wrong","also wrong"]"#, answerIndex: 0, difficulty: 0))
        }
    }

    static let batch = #"{"events":[{"type":"lesson_started","lessonId":"l1"},{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":0},{"type":"time_spent","lessonId":"l1","durationMs":60000},{"type":"lesson_completed","lessonId":"l1"}]}"#

    @Test func replayWithSameKeyIsCountedOnce() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            let first = try await client.send(.post, "/api/v1/progress", token: learner.token, json: Self.batch, headers: [ProgressController.keyHeader: "key-1"])
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["accepted"] as? Int == 4)
            #expect(first.json["duplicates"] as? Int == 0)
            let replay = try await client.send(.post, "/api/v1/progress", token: learner.token, json: Self.batch, headers: [ProgressController.keyHeader: "key-1"])
            #expect(replay.status == .ok)
            #expect(replay.text == first.text, "a replay answers exactly as the first time")
            #expect(replay.headers[ProgressController.replayedHeader] == "true")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 4)

            let progress = try await client.send(.get, "/api/v1/learners/\(learner.userId)/progress", token: learner.token)
            #expect(progress.status == .ok)
            let lessons = progress.json["lessons"] as? [[String: Any]] ?? []
            #expect(lessons.count == 1)
            #expect(lessons.first?["status"] as? String == "completed")
            #expect(lessons.first?["score"] as? Double == 12.5, "one of l1's eight quiz items answered right")
            #expect(lessons.first?["timeSpentMs"] as? Int == 0, "started in the same request: no time passed on the server's clock")
            #expect(progress.json["xp"] as? Int == ProgressRepository.XP.lessonCompleted + ProgressRepository.XP.correctQuizAttempt)
        }
    }

    @Test func sameKeyDifferentBodyIs422AndStoresNothing() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            _ = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_started","lessonId":"l1"}"#,
                                      headers: [ProgressController.keyHeader: "k"])
            let reused = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_started","lessonId":"l2"}"#,
                                               headers: [ProgressController.keyHeader: "k"])
            #expect(reused.status == .unprocessableContent)
            #expect(reused.errorCode == "idempotency_key_reused")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 1)
            // The same key belongs to each learner separately.
            let other = try await client.register("q@example.org")
            let theirs = try await client.send(.post, "/api/v1/progress", token: other.token, json: #"{"type":"lesson_started","lessonId":"l2"}"#,
                                               headers: [ProgressController.keyHeader: "k"])
            #expect(theirs.status == .ok)
        }
    }

    @Test func clientEventIdsDedupeAcrossKeys() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            let body = #"{"events":[{"id":"e-1","type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":1},{"id":"e-2","type":"quiz_attempt","lessonId":"l1","itemId":"q2","answer":0}]}"#
            let first = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: "a"])
            #expect(first.json["accepted"] as? Int == 2)
            let second = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: "b"])
            #expect(second.json["accepted"] as? Int == 0)
            #expect(second.json["duplicates"] as? Int == 2)
            // A duplicate shows the grade it was given the first time.
            let grades = (second.json["results"] as? [[String: Any]] ?? []).map { "\($0["itemId"] as? String ?? "")=\($0["correct"] as? Bool ?? false)" }
            #expect(grades == ["q1=false", "q2=true"], "\(second.text)")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 2)
        }
    }

    @Test func concurrentReplaysStoreOnce() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: Self.batch,
                                                             headers: [ProgressController.keyHeader: "same"])
                        return Int(response.status.code)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0 == 200 }, "\(results)")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 4)
            #expect(try await services.progress.xp(userId: learner.userId) == 60)
        }
    }

    @Test func lessonCompletionXPIsAwardedOnce() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            for key in ["x", "y"] {
                _ = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_completed","lessonId":"l2"}"#,
                                          headers: [ProgressController.keyHeader: key])
            }
            #expect(try await services.progress.xp(userId: learner.userId) == ProgressRepository.XP.lessonCompleted)
        }
    }

    @Test func badProgressInputIs4xx() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLessons(services)
            let learner = try await client.register("p@example.org")
            let key: HTTPFields = [ProgressController.keyHeader: "k1"]
            let noKey = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_started","lessonId":"l1"}"#)
            #expect(noKey.errorCode == "missing_idempotency_key")
            let anonymous = try await client.send(.post, "/api/v1/progress", json: #"{"type":"lesson_started","lessonId":"l1"}"#, headers: key)
            #expect(anonymous.status == .unauthorized)
            let cases: [(String, String)] = [
                (#"{"type":"teleport","lessonId":"l1"}"#, "invalid_event_type"),
                (#"{"type":"lesson_started","lessonId":"missing"}"#, "unknown_lesson"),
                (#"{"type":"quiz_attempt","lessonId":"l1","answer":0}"#, "missing_item_id"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"q1"}"#, "missing_answer"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":0,"correct":true}"#, "correct_not_accepted"),
                (#"{"type":"practice_problem","lessonId":"l1","correct":true}"#, "correct_not_accepted"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"nope","answer":0}"#, "unknown_quiz_item"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"l2-q1","answer":0}"#, "item_not_in_lesson"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":3}"#, "invalid_answer"),
                (#"{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":-1}"#, "invalid_answer"),
                (#"{"type":"lesson_started","lessonId":"l1","answer":0}"#, "unexpected_answer"),
                (#"{"type":"lesson_started","lessonId":"l1","occurredAt":"1900-01-01T00:00:00Z"}"#, "invalid_occurred_at"),
                (#"{"type":"lesson_started","lessonId":"l1","occurredAt":"0000-01-01T00:00:00Z"}"#, "invalid_occurred_at"),
                (#"{"type":"lesson_started","lessonId":"l1","occurredAt":"1999-12-31T23:59:59Z"}"#, "invalid_occurred_at"),
                (#"{"type":"time_spent","lessonId":"l1","durationMs":-5}"#, "invalid_duration"),
                (#"{"type":"time_spent","lessonId":"l1","durationMs":86400001}"#, "invalid_duration"),
                (#"{"type":"lesson_completed","lessonId":"l1","score":90}"#, "score_not_accepted"),
                (#"{"type":"lesson_started","lessonId":"l1","occurredAt":"yesterday"}"#, "invalid_occurred_at"),
                (#"{"type":"lesson_started","lessonId":"l1","occurredAt":"2999-01-01T00:00:00Z"}"#, "invalid_occurred_at"),
                (#"{"events":[]}"#, "invalid_events"),
                (#"{"events":"nope"}"#, "invalid_body"),
                (#"{"type":"quiz_attempt","lessonId":"l1","correct":"yes"}"#, "invalid_body"),
                (#"{"lessonId":"l1"}"#, "invalid_body"),
                (#"{"#, "invalid_body"),
            ]
            for (index, (body, code)) in cases.enumerated() {
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body,
                                                     headers: [ProgressController.keyHeader: "bad-\(index)"])
                #expect((400..<500).contains(response.status.code), "\(body) → \(response.status)")
                #expect(response.errorCode == code, "\(body) → \(response.text)")
            }
            let many = "{\"events\":[" + Array(repeating: #"{"type":"lesson_started","lessonId":"l1"}"#, count: 501).joined(separator: ",") + "]}"
            let tooMany = try await client.send(.post, "/api/v1/progress", token: learner.token, json: many, headers: key)
            #expect(tooMany.errorCode == "invalid_events")
            #expect(try await services.progress.eventCount(userId: learner.userId) == 0, "nothing from a refused request is stored")
        }
    }

    @Test func learnersSeeOnlyTheirOwnProgress() async throws {
        try await TestEnvironment.withApp { client, services in
            let a = try await client.register("a@example.org")
            let b = try await client.register("b@example.org")
            #expect(try await client.send(.get, "/api/v1/learners/\(b.userId)/progress", token: a.token).status == .forbidden)
            let admin = try await client.admin(services)
            #expect(try await client.send(.get, "/api/v1/learners/\(b.userId)/progress", token: admin.token).status == .ok)
            #expect(try await client.send(.get, "/api/v1/learners/nobody/progress", token: admin.token).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/learners/\(a.userId)/progress").status == .unauthorized)
        }
    }
}
