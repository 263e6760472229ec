/// A lesson with its skills and prerequisites, as stored.
public struct LessonRecord: Codable, Sendable, Equatable {
    public var id: String
    public var subjectId: String
    public var title: String
    public var content: String
    public var estimatedMinutes: Int
    public var difficulty: String
    public var version: Int
    public var createdAt: Int64
    public var updatedAt: Int64
    public var skills: [String]
    public var prerequisites: [String]

    public init(id: String, subjectId: String, title: String, content: String, estimatedMinutes: Int, difficulty: String,
                version: Int, createdAt: Int64, updatedAt: Int64, skills: [String], prerequisites: [String]) {
        self.id = id
        self.subjectId = subjectId
        self.title = title
        self.content = content
        self.estimatedMinutes = estimatedMinutes
        self.difficulty = difficulty
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.skills = skills
        self.prerequisites = prerequisites
    }
}

/// The columns of `lessons` alone, as SQLKit decodes them.
struct LessonRow: Codable, Sendable {
    var id: String
    var subjectId: String
    var title: String
    var content: String
    var estimatedMinutes: Int
    var difficulty: String
    var version: Int
    var createdAt: Int64
    var updatedAt: Int64
}
