import Testing
@testable import Storage
@testable import Wave3API

/// How progress events become the mastery model's behavioural inputs, on hand-checked cases.
@Suite struct BehaviourFeaturesTests {
    static func event(_ type: String, lesson: String = "l1", skill: String? = nil, correct: Bool? = nil, score: Double? = nil,
                      duration: Int64? = nil, day: Int64 = 0) -> ProgressEvent {
        ProgressEvent(type: type, lessonId: lesson, skillId: skill, correct: correct, score: score, durationMs: duration,
                      occurredAt: day * 86_400_000 + 1_000)
    }

    @Test func foldsEventsPerSkill() throws {
        let extractor = BehaviourFeatures(lessonSkills: ["l1": ["a", "b"], "l2": ["b"]])
        let features = extractor.features([
            Self.event("quiz_attempt", skill: "a", correct: true, day: 0),
            Self.event("quiz_attempt", skill: "a", correct: false, day: 1),
            Self.event("quiz_attempt", skill: "a", correct: true, day: 2),
            Self.event("practice_problem", skill: "a", correct: true, day: 5),
            Self.event("video_view", day: 5),                       // l1: counts for a and b
            Self.event("help_request", lesson: "l2", day: 6),       // l2: b only
            Self.event("time_spent", lesson: "l2", duration: 90_000, day: 6),
            Self.event("lesson_completed", lesson: "l2", score: 80, day: 7),
        ])
        let a = try #require(features["a"])
        #expect(a.quizAttempts == 3)
        #expect(abs(a.accuracy - 2.0 / 3) < 1e-12)
        #expect(abs(a.averageScore - 200.0 / 3) < 1e-9, "no lesson score: 100 × accuracy")
        #expect(a.practiceProblems == 1 && a.videoViews == 1 && a.helpRequests == 0)
        #expect(a.consecutiveDays == 3, "days 0, 1, 2 then 5")
        #expect(a.pKnown == nil)
        let b = try #require(features["b"])
        #expect(b.quizAttempts == 0 && b.videoViews == 1 && b.helpRequests == 1)
        #expect(b.timeSpentMinutes == 1.5)
        #expect(b.averageScore == 80)
        #expect(b.consecutiveDays == 3, "days 5, 6, 7")
    }

    @Test func longestRunOfDays() {
        #expect(BehaviourFeatures.longestRun([]) == 0)
        #expect(BehaviourFeatures.longestRun([4]) == 1)
        #expect(BehaviourFeatures.longestRun([1, 2, 3, 7, 8]) == 3)
        #expect(BehaviourFeatures.longestRun([10, 12, 14]) == 1)
    }
}
