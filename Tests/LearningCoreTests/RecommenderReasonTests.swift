import Testing
@testable import LearningCore

/// Each reason is true of the lesson it explains, and a learner with no history still gets
/// collaborative recommendations, each saying which fallback chose it.
@Suite struct RecommenderReasonTests {
    // Roots R1, R2 (no prerequisites); A needs R1; B needs A; C needs R2; subjects x and y.
    static let lessons = [
        RecommendableLesson(id: "R1", title: "Root one", subject: "x", skills: ["x.1"], difficulty: -1),
        RecommendableLesson(id: "R2", title: "Root two", subject: "y", skills: ["y.1"], difficulty: -1),
        RecommendableLesson(id: "A", title: "After one", subject: "x", skills: ["x.2"], prerequisites: ["R1"], difficulty: -0.5),
        RecommendableLesson(id: "B", title: "Deeper", subject: "x", skills: ["x.3"], prerequisites: ["A"], difficulty: 0),
        RecommendableLesson(id: "C", title: "After two", subject: "y", skills: ["y.2"], prerequisites: ["R2"], difficulty: 0),
        RecommendableLesson(id: "D", title: "Standalone", subject: "y", skills: ["y.3"], difficulty: 0),
    ]
    static let histories = [["R1", "A", "B"], ["R1", "A"], ["R2", "C"], ["R1", "R2"], ["R2", "C", "D"]]
    let recommender = Recommender(lessons: lessons, completionHistories: histories)

    @Test func hybridReasonsAreTrueOfEachLesson() {
        let learner = LearnerProfile(completed: ["R1"], ability: 0)
        let items = recommender.recommend(for: learner, algorithm: .hybrid, limit: 10)
        #expect(!items.isEmpty)
        for item in items {
            let lesson = Self.lessons.first { $0.id == item.lessonId }!
            if lesson.prerequisites.isEmpty {
                #expect(!item.reason.contains("Unlocked by what you completed"), "\(item.lessonId): \(item.reason)")
                #expect(item.reason.hasPrefix("Needs no prerequisites"), "\(item.lessonId): \(item.reason)")
            } else {
                #expect(item.reason.hasPrefix("Unlocked by what you completed (“Root one”)"), "\(item.lessonId): \(item.reason)")
            }
            #expect(!item.reason.contains("you have the prerequisites"))
        }
        #expect(Set(items.map(\.lessonId)) == ["R2", "A", "D"], "B and C are locked")
        // Mastery standing in for a completion is said as such.
        let byMastery = recommender.recommend(for: LearnerProfile(mastery: ["x.1": 0.99]), algorithm: .prerequisite, limit: 10)
        let a = byMastery.first { $0.lessonId == "A" }
        #expect(a?.reason.hasPrefix("Your mastery of its prerequisites' skills unlocks it") == true, "\(String(describing: a))")
    }

    @Test func collaborativeColdStartGivesEveryLearnerLessonsWithReasons() {
        let fresh = recommender.recommend(for: LearnerProfile(), algorithm: .collaborative, limit: 5)
        #expect(fresh.count == 5, "\(fresh)")
        #expect(Set(fresh.map(\.lessonId)).count == 5)
        // No subjects yet: entry lessons first (most completed first), then popular ones that say what comes first.
        #expect(Array(fresh.map(\.lessonId).prefix(3)) == ["R1", "R2", "D"])
        for item in fresh.prefix(3) { #expect(item.reason.hasPrefix("A place to start: needs no prerequisites"), "\(item.reason)") }
        for item in fresh.dropFirst(3) { #expect(item.reason.hasPrefix("Popular: completed by"), "\(item.reason)") }
        #expect(fresh.first { $0.lessonId == "B" }.map { $0.reason.contains("take “After one” first") } ?? true)
        #expect(fresh.map(\.score) == fresh.map(\.score).sorted(by: >))

        // A learner who follows subject y gets its popular lessons first.
        let inY = recommender.recommend(for: LearnerProfile(subjects: ["y"]), algorithm: .collaborative, limit: 3)
        #expect(inY.map(\.lessonId) == ["R2", "C", "D"], "\(inY)")
        #expect(inY.allSatisfy { $0.reason.contains("popular in your subject y") })
    }

    @Test func collaborativeResultsComeBeforeTheFallback() {
        let learner = LearnerProfile(completed: ["R1"])
        let items = recommender.recommend(for: learner, algorithm: .collaborative, limit: 5)
        #expect(items.count == 5)
        #expect(items.first?.reason.contains("also completed this") == true)
        let firstFallback = items.firstIndex { !$0.reason.contains("also completed this") } ?? items.count
        #expect(items[firstFallback...].allSatisfy { !$0.reason.contains("also completed this") })
        #expect(!items.contains { $0.lessonId == "R1" }, "completed lessons are never recommended")
    }
}
