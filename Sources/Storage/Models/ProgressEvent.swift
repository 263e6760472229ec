/// One learner event: what `POST /progress` records once it is validated and graded, and what the
/// learning models read back. Stored rows wrap it in `StoredProgressEvent`.
public struct ProgressEvent: Sendable, Equatable {
    public var clientEventId: String?
    public var type: String
    public var lessonId: String
    public var itemId: String?
    public var skillId: String?
    /// The server's grade (quiz attempts graded by `QuizGrader`), never a client's claim.
    public var correct: Bool?
    /// The index of the choice the learner picked, for a quiz attempt.
    public var answer: Int?
    /// A completion's score, computed by the server from the lesson's graded attempts
    /// (`LessonScore`), never a client's claim.
    public var score: Double?
    public var durationMs: Int64?
    public var occurredAt: Int64

    public var eventType: EventType? { EventType(rawValue: type) }

    public init(clientEventId: String? = nil, type: String, lessonId: String, itemId: String? = nil, skillId: String? = nil,
                correct: Bool? = nil, score: Double? = nil, durationMs: Int64? = nil, occurredAt: Int64, answer: Int? = nil) {
        self.clientEventId = clientEventId
        self.type = type
        self.lessonId = lessonId
        self.itemId = itemId
        self.skillId = skillId
        self.correct = correct
        self.score = score
        self.durationMs = durationMs
        self.occurredAt = occurredAt
        self.answer = answer
    }

    public init(clientEventId: String? = nil, type: EventType, lessonId: String, itemId: String? = nil, skillId: String? = nil,
                correct: Bool? = nil, score: Double? = nil, durationMs: Int64? = nil, occurredAt: Int64, answer: Int? = nil) {
        self.init(clientEventId: clientEventId, type: type.rawValue, lessonId: lessonId, itemId: itemId, skillId: skillId, correct: correct,
                  score: score, durationMs: durationMs, occurredAt: occurredAt, answer: answer)
    }
}
