import Hummingbird
import Storage

/// `GET /lessons/{id}/quiz`: public like the lesson itself. Answers go to `POST /progress` as
/// `quiz_attempt` events with the chosen `answer`, and the server grades them.
struct QuizController {
    let lessons: LessonRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("lessons/:id/quiz", use: quiz)
    }

    @Sendable func quiz(_ request: Request, context: AppRequestContext) async throws -> QuizResponse {
        let id = try context.parameters.require("id")
        guard try await lessons.exists([id]).contains(id) else { throw APIError.notFound("lesson '\(id)'") }
        return QuizResponse(lessonId: id, records: try await lessons.quizItems(lessonId: id))
    }
}
