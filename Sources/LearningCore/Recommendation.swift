/// One recommended lesson, with a reason a learner can read.
public struct Recommendation: Codable, Sendable, Hashable {
    public var lessonId: String
    public var title: String
    /// Higher is better; comparable only within one response.
    public var score: Double
    public var reason: String

    public init(lessonId: String, title: String, score: Double, reason: String) {
        self.lessonId = lessonId
        self.title = title
        self.score = score
        self.reason = reason
    }
}
