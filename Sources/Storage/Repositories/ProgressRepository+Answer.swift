import DatabaseLayer
import SQLKit

extension ProgressRepository {
    /// Saves the answer under the idempotency key, with the request's analytics message
    /// (notifications, issue 12) when it stored events. PostgreSQL takes both in one statement (a
    /// data-modifying CTE); SQLite, which has none, in two. A concurrent request that saved the
    /// key first makes the insert fail, and the caller answers as its replay.
    func saveAnswer(userId: String, key: String, requestHash: String, body: String, now: Int64, analytics: AnalyticsMessage?,
                    on sql: any SQLDatabase) async throws {
        let answer: [any Encodable & Sendable] = [userId, key, requestHash, 200, body, now]
        let insertAnswer: SQLQueryString = """
            INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, status, response, created_at) VALUES (\(binds: answer))
            """
        guard let analytics else { return try await sql.raw(insertAnswer).run() }
        if database.dialect == .postgres {
            try await sql.raw("""
                WITH queued AS (INSERT INTO outbox (\(unsafeRaw: Outbox.rowColumns)) VALUES (\(binds: try Outbox.rowValues(analytics: analytics)))
                                ON CONFLICT (id) DO NOTHING)
                \(insertAnswer)
                """).run()
        } else {
            try await Outbox.enqueue(analytics: analytics, on: sql)
            try await sql.raw(insertAnswer).run()
        }
    }
}
