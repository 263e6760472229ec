import Foundation
import LearningCore
import Storage
import Synchronization

/// The recommender index (catalogue, prerequisite lists, item–item similarities) shared by requests.
///
/// Building it reads every completion, so it is rebuilt at most every `ttl` or when the model
/// version changes; each request still reads the learner's own completions fresh, so a lesson just
/// completed is never recommended again.
final class RecommenderCache: Sendable {
    struct Entry: Sendable {
        let version: Int64?
        let builtAt: UInt64
        let recommender: Recommender
        /// Current difficulty (logit) per lesson, for estimating the learner's ability.
        let lessonDifficulty: [String: Double]
        /// Each lesson's quiz items and their skills, for the item-aware success prediction.
        let lessonItems: [String: [(id: String, skill: String)]]
    }

    private let entry = Mutex<Entry?>(nil)
    private let ttlNanos: UInt64

    init(ttl: Duration = .seconds(30)) {
        ttlNanos = UInt64(ttl.components.seconds) * 1_000_000_000
    }

    func get(_ models: ModelStore.Loaded, data: LearningDataRepository) async throws -> Entry {
        let now = DispatchTime.now().uptimeNanoseconds
        if let cached = entry.withLock({ $0 }), cached.version == models.version, now &- cached.builtAt < ttlNanos {
            return cached
        }
        let catalogue = try await data.catalogue()
        let estimates = LessonLevels.estimates(models.bundle, catalogue: catalogue)
        let lessons = catalogue.map { lesson in
            RecommendableLesson(id: lesson.id, title: lesson.title, subject: lesson.subjectId, skills: lesson.skills,
                                prerequisites: lesson.prerequisites, difficulty: estimates[lesson.id]?.logit ?? 0)
        }
        let histories = try await data.completionHistories()
        let built = Entry(version: models.version, builtAt: now,
                          recommender: Recommender(lessons: lessons, completionHistories: Array(histories.values)),
                          lessonDifficulty: estimates.mapValues(\.logit), lessonItems: try await data.quizItemSkills())
        entry.withLock { $0 = built }
        return built
    }

    func invalidate() {
        entry.withLock { $0 = nil }
    }
}
