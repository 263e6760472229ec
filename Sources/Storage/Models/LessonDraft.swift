/// What an admin writes when creating or replacing a lesson.
public struct LessonDraft: Sendable, Equatable {
    public var subjectId: String
    public var title: String
    public var content: String
    public var estimatedMinutes: Int
    public var difficulty: String
    public var skills: [String]
    public var prerequisites: [String]

    public init(subjectId: String, title: String, content: String, estimatedMinutes: Int, difficulty: String, skills: [String], prerequisites: [String]) {
        self.subjectId = subjectId
        self.title = title
        self.content = content
        self.estimatedMinutes = estimatedMinutes
        self.difficulty = difficulty
        self.skills = skills
        self.prerequisites = prerequisites
    }
}
