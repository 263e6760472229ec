/// One learner event as stored in `progress_events`.
public struct ProgressEventRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var idempotencyKey: String
    public var seq: Int
    public var clientEventId: String?
    public var type: String
    public var lessonId: String
    public var itemId: String?
    public var skillId: String?
    public var correct: Int?
    public var score: Double?
    public var durationMs: Int64?
    public var occurredAt: Int64
    public var recordedAt: Int64
    public var answer: Int?

    public init(id: String, userId: String, idempotencyKey: String, seq: Int, clientEventId: String?, type: String, lessonId: String,
                itemId: String?, skillId: String?, correct: Int?, score: Double?, durationMs: Int64?, occurredAt: Int64, recordedAt: Int64, answer: Int? = nil) {
        self.id = id
        self.userId = userId
        self.idempotencyKey = idempotencyKey
        self.seq = seq
        self.clientEventId = clientEventId
        self.type = type
        self.lessonId = lessonId
        self.itemId = itemId
        self.skillId = skillId
        self.correct = correct
        self.score = score
        self.durationMs = durationMs
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.answer = answer
    }
}
