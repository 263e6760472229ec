/// A learner's BKT state on one skill (`skill_knowledge`): P(known) before the next attempt.
public struct SkillKnowledgeRecord: Codable, Sendable, Equatable {
    public var userId: String
    public var skillId: String
    public var pKnown: Double
    public var attempts: Int
    public var correct: Int
    public var updatedAt: Int64
    /// The exact state, log P(known) − log P(unknown) (nil on rows from before it was stored).
    public var logOdds: Double?

    public init(userId: String, skillId: String, pKnown: Double, attempts: Int, correct: Int, updatedAt: Int64, logOdds: Double? = nil) {
        self.logOdds = logOdds
        self.userId = userId
        self.skillId = skillId
        self.pKnown = pKnown
        self.attempts = attempts
        self.correct = correct
        self.updatedAt = updatedAt
    }
}
