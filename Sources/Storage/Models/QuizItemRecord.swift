/// A multiple-choice item; `choices` is stored as a JSON array of strings.
public struct QuizItemRecord: Codable, Sendable, Equatable {
    public var id: String
    public var lessonId: String
    public var skillId: String?
    public var prompt: String
    public var choices: String
    public var answerIndex: Int
    public var difficulty: Double

    public init(id: String, lessonId: String, skillId: String?, prompt: String, choices: String, answerIndex: Int, difficulty: Double) {
        self.id = id
        self.lessonId = lessonId
        self.skillId = skillId
        self.prompt = prompt
        self.choices = choices
        self.answerIndex = answerIndex
        self.difficulty = difficulty
    }
}
