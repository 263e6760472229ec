/// The kinds of learner event `POST /progress` accepts (docs/api.md). The one vocabulary: code
/// compares against these cases, never against string literals.
public enum EventType: String, CaseIterable, Codable, Sendable {
    case lessonStarted = "lesson_started"
    case lessonCompleted = "lesson_completed"
    case quizAttempt = "quiz_attempt"
    case timeSpent = "time_spent"
    case videoView = "video_view"
    case helpRequest = "help_request"
    case practiceProblem = "practice_problem"

    /// Scored attempts at a skill: the observations of knowledge tracing.
    public var isAttempt: Bool { self == .quizAttempt || self == .practiceProblem }
}
