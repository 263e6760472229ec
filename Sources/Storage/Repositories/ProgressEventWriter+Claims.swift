import DatabaseLayer
import SQLKit

/// The figures of an event the server decides rather than takes from the client (docs/api.md,
/// "What the server decides"): a completion's score and the time an event may add.
extension ProgressEventWriter {
    /// The learner's score for a lesson: the percentage of its quiz items whose latest graded
    /// attempt, in the server's recording order, was correct (items never tried count as wrong),
    /// to one decimal; nil for a lesson without quiz items.
    func serverScore(lessonId: String, on sql: any SQLDatabase) async throws -> Double? {
        let items = try await sql.select().column("id").from("quiz_items").where("lesson_id", .equal, lessonId).all()
            .map { try $0.decode(column: "id", as: String.self) }
        guard !items.isEmpty else { return nil }
        let rows = try await sql.select().columns("item_id", "correct").from("progress_events")
            .where("user_id", .equal, userId).where("lesson_id", .equal, lessonId).where("type", .equal, EventType.quizAttempt.rawValue)
            .where("item_id", .in, items).where("correct", .isNot, SQLLiteral.null)
            .orderBy("recorded_at").orderBy("seq").all()
        var latest: [String: Bool] = [:]
        for row in rows { latest[try row.decode(column: "item_id", as: String.self)] = try row.decode(column: "correct", as: Int.self) != 0 }
        let right = latest.values.filter { $0 }.count
        return (1000 * Double(right) / Double(items.count)).rounded() / 10
    }

    /// The part of a claimed duration the server can vouch for: what is left of the wall time
    /// since the learner's latest `lesson_started` of the lesson (by the server's clock) after the
    /// durations already credited since then, and at most `ProgressRepository.Limits.maxCreditedDurationMs`.
    /// Without a recorded start nothing can be vouched for.
    func creditedDuration(_ claimed: Int64, lessonId: String, on sql: any SQLDatabase) async throws -> Int64 {
        // One statement: the latest start, and what was credited since it.
        guard let row = try await sql.raw("""
            SELECT s.started, (SELECT CAST(COALESCE(SUM(duration_ms), 0) AS BIGINT) FROM progress_events
                               WHERE user_id = \(bind: userId) AND lesson_id = \(bind: lessonId) AND recorded_at >= s.started
                                 AND duration_ms IS NOT NULL) AS used
            FROM (SELECT MAX(recorded_at) AS started FROM progress_events
                  WHERE user_id = \(bind: userId) AND lesson_id = \(bind: lessonId) AND type = \(bind: EventType.lessonStarted.rawValue)) AS s
            """).first(), !(try row.decodeNil(column: "started")) else { return 0 }
        let started = try row.decode(column: "started", as: Int64.self)
        let used = try row.decode(column: "used", as: Int64.self)
        let available = max(0, now - started - used)
        return min(claimed, available, ProgressRepository.Limits.maxCreditedDurationMs)
    }
}
