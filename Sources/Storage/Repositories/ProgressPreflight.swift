import DatabaseLayer
import SQLKit

/// What a progress write reads before it stores anything, in one statement inside its transaction:
/// the answer already saved under the idempotency key, the subject of each lesson the events
/// name (unknown lessons are missing), and, when the learner's writes must take turns, the
/// learner's advisory lock (docs/performance.md, "Progress writes").
struct ProgressPreflight {
    /// The saved answer under the key: its request fingerprint, status and body.
    var previous: (requestHash: String, status: Int, response: String)?
    var subjects: [String: String] = [:]

    func previousOutcome(requestHash: String) -> ProgressOutcome? {
        guard let previous else { return nil }
        guard previous.requestHash == requestHash else { return .keyReused }
        return .replayed(status: previous.status, response: previous.response)
    }

    /// - Parameter lockLearner: PostgreSQL only. The lock is taken in the one-row base of the
    ///   query, so it is held before any later statement of the transaction reads (each statement
    ///   reads from its own snapshot under READ COMMITTED). This statement's own reads may predate
    ///   a concurrent holder's commit, which is harmless: a key that holder saved makes this
    ///   request's key insert fail, and the write is answered as a replay.
    static func read(userId: String, key: String, lessonIds: [String], lockLearner: Bool, on sql: any SQLDatabase) async throws -> ProgressPreflight {
        let base: SQLQueryString = lockLearner
            ? "(SELECT 1 AS one FROM pg_advisory_xact_lock(hashtext(\(bind: "progress:" + userId))))"
            : "(SELECT 1 AS one)"
        let lessons: SQLQueryString = lessonIds.isEmpty ? "1 = 0" : "l.id IN (\(binds: lessonIds))"
        let rows = try await sql.raw("""
            SELECT k.request_hash, k.status, k.response, l.id AS lesson_id, l.subject_id
            FROM \(base) AS o
            LEFT JOIN idempotency_keys k ON k.user_id = \(bind: userId) AND k.idempotency_key = \(bind: key)
            LEFT JOIN lessons l ON \(lessons)
            """).all()
        var result = ProgressPreflight()
        for row in rows {
            if result.previous == nil, !(try row.decodeNil(column: "request_hash")) {
                result.previous = (try row.decode(column: "request_hash", as: String.self), try row.decode(column: "status", as: Int.self),
                                   try row.decode(column: "response", as: String.self))
            }
            if !(try row.decodeNil(column: "lesson_id")) {
                result.subjects[try row.decode(column: "lesson_id", as: String.self)] = try row.decode(column: "subject_id", as: String.self)
            }
        }
        return result
    }
}
