/// The columns of a progress event the learning models read, in a learner's chronological order.
public struct LearnerEventRecord: Codable, Sendable, Equatable {
    public var userId: String
    public var type: String
    public var lessonId: String
    public var itemId: String?
    public var skillId: String?
    public var correct: Bool?
    public var score: Double?
    public var durationMs: Int64?
    public var occurredAt: Int64

    public init(userId: String, type: String, lessonId: String, itemId: String?, skillId: String?, correct: Bool?, score: Double?,
                durationMs: Int64?, occurredAt: Int64) {
        self.userId = userId
        self.type = type
        self.lessonId = lessonId
        self.itemId = itemId
        self.skillId = skillId
        self.correct = correct
        self.score = score
        self.durationMs = durationMs
        self.occurredAt = occurredAt
    }
}
