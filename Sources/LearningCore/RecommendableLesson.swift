/// What the recommenders need to know about a lesson; the API maps its stored lessons to this.
public struct RecommendableLesson: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var subject: String
    /// Skills the lesson teaches; used to treat a prerequisite as met when its skills are mastered.
    public var skills: [String]
    /// Ids of lessons that must be completed (or mastered) first.
    public var prerequisites: [String]
    /// Difficulty on the Rasch logit scale (see `DifficultyLevel.logit` and `DifficultyEstimate`).
    public var difficulty: Double

    public init(id: String, title: String, subject: String = "", skills: [String] = [], prerequisites: [String] = [], difficulty: Double = 0) {
        self.id = id
        self.title = title
        self.subject = subject
        self.skills = skills
        self.prerequisites = prerequisites
        self.difficulty = difficulty
    }
}
