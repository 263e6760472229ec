/// A learner's state as the recommenders see it.
public struct LearnerProfile: Sendable, Hashable {
    /// Completed lesson ids, oldest first; the order lets collaborative filtering weight recent
    /// completions more, since what a learner just finished says most about what comes next.
    public var completed: [String]
    /// Mastery probability (0–1) per skill id.
    public var mastery: [String: Double]
    /// Ability on the Rasch logit scale.
    public var ability: Double
    /// Subjects the learner follows beyond those of completed lessons (e.g. lessons started):
    /// where cold-start recommendations look first.
    public var subjects: [String]
    /// P(success) on a lesson's quiz items from the item-aware model (`KnowledgeTracer.predictedSuccess`),
    /// by lesson id; lessons missing here are predicted from `ability` and their Rasch difficulty.
    public var predictedSuccess: [String: Double]

    public init(completed: [String] = [], mastery: [String: Double] = [:], ability: Double = 0, subjects: [String] = [], predictedSuccess: [String: Double] = [:]) {
        self.predictedSuccess = predictedSuccess
        self.subjects = subjects
        self.completed = completed
        self.mastery = mastery
        self.ability = ability
    }
}
