/// A learner's folded state on one lesson (`lesson_progress`).
public struct LessonProgressRecord: Codable, Sendable, Equatable {
    public var userId: String
    public var lessonId: String
    public var status: String
    public var score: Double?
    public var timeSpentMs: Int64
    public var attempts: Int
    public var correct: Int
    public var updatedAt: Int64

    public init(userId: String, lessonId: String, status: String, score: Double?, timeSpentMs: Int64, attempts: Int, correct: Int, updatedAt: Int64) {
        self.userId = userId
        self.lessonId = lessonId
        self.status = status
        self.score = score
        self.timeSpentMs = timeSpentMs
        self.attempts = attempts
        self.correct = correct
        self.updatedAt = updatedAt
    }
}
