/// Filters and keyset position of a lesson listing. Lessons are ordered by id; `afterId` is the
/// last id of the previous page.
public struct LessonFilter: Sendable, Equatable {
    public var subjectId: String?
    public var skillId: String?
    public var difficulty: String?
    public var afterId: String?
    public var limit: Int

    public init(subjectId: String? = nil, skillId: String? = nil, difficulty: String? = nil, afterId: String? = nil, limit: Int = 20) {
        self.subjectId = subjectId
        self.skillId = skillId
        self.difficulty = difficulty
        self.afterId = afterId
        self.limit = limit
    }
}
