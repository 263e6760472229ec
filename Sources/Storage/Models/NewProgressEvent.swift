/// A validated event about to be recorded.
public struct NewProgressEvent: Sendable, Equatable {
    public var clientEventId: String?
    public var type: String
    public var lessonId: String
    public var itemId: String?
    public var skillId: String?
    public var correct: Bool?
    public var score: Double?
    public var durationMs: Int64?
    public var occurredAt: Int64

    public init(clientEventId: String? = nil, type: String, lessonId: String, itemId: String? = nil, skillId: String? = nil,
                correct: Bool? = nil, score: Double? = nil, durationMs: Int64? = nil, occurredAt: Int64) {
        self.clientEventId = clientEventId
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
