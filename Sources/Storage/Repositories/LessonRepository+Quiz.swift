import SQLKit

extension LessonRepository {
    /// The quiz items with these ids (unknown ids are simply absent), for grading.
    public func quizItems(ids: [String]) async throws -> [QuizItemRecord] {
        guard !ids.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("quiz_items").where("id", .in, ids).orderBy("id")
            .all(decoding: QuizItemRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
