import Foundation
import HTTPTypes
import HummingbirdTesting
import LearningCore
import Testing
@testable import Storage
@testable import Wave3API

/// Quizzes are graded by the server: the quiz endpoint hides the key, attempts carry the answer,
/// XP and mastery cannot be self-awarded.
@Suite struct QuizGradingTests {
    static let key: HTTPFields = [ProgressController.keyHeader: "k"]

    @Test func graderIsPure() {
        let grader = QuizGrader(keys: [QuizGrader.Key(itemId: "q", lessonId: "l", skillId: "s", answerIndex: 2, choiceCount: 3)])
        #expect(grader.grade(itemId: "q", lessonId: "l", answer: 2) == .graded(correct: true, skillId: "s"))
        #expect(grader.grade(itemId: "q", lessonId: "l", answer: 0) == .graded(correct: false, skillId: "s"))
        #expect(grader.grade(itemId: "q", lessonId: "l", answer: 3) == .answerOutOfRange(choiceCount: 3))
        #expect(grader.grade(itemId: "q", lessonId: "other", answer: 2) == .wrongLesson(actual: "l"))
        #expect(grader.grade(itemId: "nope", lessonId: "l", answer: 2) == .unknownItem)
    }

    @Test func quizServesPromptsAndChoicesButNoAnswers() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let quiz = try await client.send(.get, "/api/v1/lessons/l1/quiz")
            #expect(quiz.status == .ok, "\(quiz.text)")
            let items = quiz.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 8)
            #expect(items.first?["prompt"] as? String == "Prompt q1")
            #expect(items.first?["choices"] as? [String] == ["right", "wrong", "also wrong"])
            #expect(items.first?["skill"] as? String == "math.arithmetic")
            #expect(!quiz.text.contains("answer"), "the key stays on the server: \(quiz.text)")
            #expect(try await client.send(.get, "/api/v1/lessons/missing/quiz").status == .notFound)
        }
    }

    @Test func serverGradesAndReturnsTheGrade() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("g@example.org")
            let body = #"{"events":[{"id":"a","type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":0},{"id":"b","type":"quiz_attempt","lessonId":"l1","itemId":"q2","answer":2},{"type":"lesson_started","lessonId":"l1"}]}"#
            let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: Self.key)
            #expect(response.status == .ok, "\(response.text)")
            let results = response.json["results"] as? [[String: Any]] ?? []
            #expect(results.count == 2)
            #expect(results.map { $0["itemId"] as? String } == ["q1", "q2"])
            #expect(results.map { $0["correct"] as? Bool } == [true, false])
            #expect(results.map { $0["xp"] as? Int } == [ProgressRepository.XP.correctQuizAttempt, 0])
            let events = try await services.progress.events(userId: learner.userId).filter { $0.type == EventType.quizAttempt.rawValue }
            #expect(events.map(\.correct) == [true, false])
            #expect(events.map(\.answer) == [0, 2])
            #expect(events.allSatisfy { $0.skillId == "math.arithmetic" }, "the skill comes from the item")
        }
    }

    /// The attack of issue 9: 1,000 self-graded "correct" attempts reached 10,000 XP and mastery 100
    /// for skills that do not exist.
    @Test func selfAwardedXPAndMasteryAreImpossible() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("cheat@example.org")
            let claimed = (0..<500).map { #"{"type":"quiz_attempt","lessonId":"l1","skill":"made.up\#($0)","correct":true}"# }
            for round in 0..<2 {
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token,
                                                     json: #"{"events":["# + claimed.joined(separator: ",") + "]}", headers: [ProgressController.keyHeader: "claim-\(round)"])
                #expect(response.status == .unprocessableContent)
                #expect(response.errorCode == "correct_not_accepted")
            }
            // Knowing the right answer and sending it 1,000 times earns the item once.
            let right = Array(repeating: #"{"type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":0,"skill":"made.up"}"#, count: 500)
            for round in 0..<2 {
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token,
                                                     json: #"{"events":["# + right.joined(separator: ",") + "]}", headers: [ProgressController.keyHeader: "right-\(round)"])
                #expect(response.status == .ok, "\(response.text)")
            }
            // Practice problems are not graded by the server and earn nothing.
            let practice = Array(repeating: #"{"type":"practice_problem","lessonId":"l1","skill":"math.arithmetic"}"#, count: 100)
            _ = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"events":["# + practice.joined(separator: ",") + "]}",
                                      headers: [ProgressController.keyHeader: "practice"])
            #expect(try await services.progress.xp(userId: learner.userId) == ProgressRepository.XP.correctQuizAttempt)
            let skills = try await services.learningData.skillKnowledge(userId: learner.userId)
            #expect(skills.map(\.skillId) == ["math.arithmetic"], "no skill appears that no item teaches")
            #expect(skills.first?.attempts == 1, "an item answered right stops counting")
            #expect((skills.first?.pKnown ?? 1) < 0.9)
        }
    }

    @Test func wrongAnswersCountUntilTheFirstRightOne() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("w@example.org")
            for (index, answer) in [1, 2, 0, 1, 0].enumerated() {
                let response = try await client.send(.post, "/api/v1/progress", token: learner.token,
                                                     json: #"{"type":"quiz_attempt","lessonId":"l1","itemId":"q3","answer":\#(answer)}"#,
                                                     headers: [ProgressController.keyHeader: "a\(index)"])
                #expect(response.status == .ok)
            }
            let state = try #require(try await services.learningData.skillKnowledge(userId: learner.userId).first)
            #expect(state.attempts == 3)
            #expect(state.correct == 1)
            #expect(abs(state.pKnown - BKTParameters.default.pKnown(after: [false, false, true])) < 1e-9)
            #expect(try await services.progress.xp(userId: learner.userId) == ProgressRepository.XP.correctQuizAttempt)
        }
    }
}
