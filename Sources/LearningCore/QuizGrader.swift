/// Grades quiz answers against the answer key: the one place a quiz attempt becomes right or wrong.
/// The API grades every `quiz_attempt` with it, and so should anything that simulates learners, so
/// that a client's claim of correctness never reaches the models.
public struct QuizGrader: Sendable {
    /// What grading needs of a quiz item; the key never leaves the server.
    public struct Key: Sendable, Equatable {
        public let itemId: String
        public let lessonId: String
        public let skillId: String?
        public let answerIndex: Int
        public let choiceCount: Int

        public init(itemId: String, lessonId: String, skillId: String?, answerIndex: Int, choiceCount: Int) {
            self.itemId = itemId
            self.lessonId = lessonId
            self.skillId = skillId
            self.answerIndex = answerIndex
            self.choiceCount = choiceCount
        }
    }

    public enum Grade: Sendable, Equatable {
        /// The answer was one of the item's choices; `skillId` is the item's, whatever the client said.
        case graded(correct: Bool, skillId: String?)
        case unknownItem
        /// The item exists but belongs to another lesson.
        case wrongLesson(actual: String)
        /// The answer is not an index into the item's choices.
        case answerOutOfRange(choiceCount: Int)
    }

    private let keys: [String: Key]

    public init(keys: some Sequence<Key>) {
        var byId: [String: Key] = [:]
        for key in keys { byId[key.itemId] = key }
        self.keys = byId
    }

    public func grade(itemId: String, lessonId: String, answer: Int) -> Grade {
        guard let key = keys[itemId] else { return .unknownItem }
        guard key.lessonId == lessonId else { return .wrongLesson(actual: key.lessonId) }
        guard (0..<key.choiceCount).contains(answer) else { return .answerOutOfRange(choiceCount: key.choiceCount) }
        return .graded(correct: answer == key.answerIndex, skillId: key.skillId)
    }
}
