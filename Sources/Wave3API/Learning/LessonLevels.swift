import LearningCore
import Storage

/// The difficulty every lesson shows: the content classifier's estimate shrunk towards the
/// lesson's Rasch calibration (`DifficultyEstimate`), computed with one model bundle.
enum LessonLevels {
    static func estimates(_ bundle: LearningModelBundle, catalogue: [LessonRecord]) -> [String: DifficultyEstimate] {
        let graph = PrerequisiteGraph(edges: catalogue.flatMap { lesson in lesson.prerequisites.map { (lesson: lesson.id, prerequisite: $0) } })
        var result: [String: DifficultyEstimate] = [:]
        for lesson in catalogue {
            result[lesson.id] = bundle.estimate(lessonId: lesson.id, content: lesson.content, prerequisiteDepth: graph.depth(of: lesson.id))
        }
        return result
    }

    /// Writes the bundle's item calibrations and every lesson's level, after a training run or an
    /// activation changed the models.
    static func apply(_ bundle: LearningModelBundle, data: LearningDataRepository) async throws {
        let levels = estimates(bundle, catalogue: try await data.catalogue()).mapValues(\.level.rawValue)
        try await data.applyDifficulties(items: bundle.itemDifficulties.mapValues(\.difficulty), lessonLevels: levels)
    }
}
