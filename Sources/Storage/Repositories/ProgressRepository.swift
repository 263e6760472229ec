import DatabaseLayer
import Foundation
import LearningCore
import SQLKit

/// Learner events, their folded per-lesson state, the XP ledger, idempotency keys, and the online
/// BKT state each attempt moves.
public struct ProgressRepository: Sendable {
    let database: Database
    /// The BKT parameters in force, read at each attempt so a newly activated model version applies
    /// to the next event without a restart.
    let knowledgeModel: @Sendable () -> BKTModel

    /// XP awarded per event; the ledger keeps the history, leaderboards are derived from it.
    public enum XP {
        public static let lessonCompleted = 50
        public static let correctQuizAttempt = 10
        public static let correctPracticeProblem = 5
    }

    public init(database: Database, knowledgeModel: @escaping @Sendable () -> BKTModel = { BKTModel() }) {
        self.database = database
        self.knowledgeModel = knowledgeModel
    }

    /// Event types that are scored attempts at a skill, the observations of BKT.
    public static let attemptTypes: Set<String> = ["quiz_attempt", "practice_problem"]

    /// Records `events` under `key` atomically: all of them with the key and the answer, or none.
    ///
    /// - Parameter response: builds the body saved for replays from (accepted, duplicates).
    public func record(userId: String, key: String, requestHash: String, events: [NewProgressEvent],
                       response: @escaping @Sendable (_ accepted: Int, _ duplicates: Int) -> String) async throws -> ProgressOutcome {
        if let previous = try await previousAnswer(userId: userId, key: key, requestHash: requestHash) { return previous }
        // One lookup serves both the unknown-lesson check (before any write transaction opens) and
        // the subject each XP award is booked under.
        let subjects = try await lessonSubjects(Set(events.map(\.lessonId)), on: database.sql)
        if let unknown = events.first(where: { subjects[$0.lessonId] == nil }) { return .unknownLesson(unknown.lessonId) }
        do {
            return try await database.transaction { sql in
                // Re-check inside the transaction: another request with this key may have committed.
                if let previous = try await previousAnswer(userId: userId, key: key, requestHash: requestHash, on: sql) { return previous }
                let now = Timestamp.nowMillis()
                var accepted = 0
                var duplicates = 0
                for (seq, event) in events.enumerated() {
                    if let clientId = event.clientEventId,
                       try await sql.select().column("id").from("progress_events")
                           .where("user_id", .equal, userId).where("client_event_id", .equal, clientId).first() != nil {
                        duplicates += 1
                        continue
                    }
                    try await store(event, seq: seq, userId: userId, key: key, subjectId: subjects[event.lessonId], now: now, on: sql)
                    accepted += 1
                }
                // Notifications (issue 12): badges, aggregates and leaderboards follow from this message.
                try await ProgressNotifications.recorded(userId: userId, events: events, subjects: subjects, accepted: accepted, now: now, on: sql)
                let body = response(accepted, duplicates)
                try await sql.insert(into: "idempotency_keys")
                    .columns("user_id", "idempotency_key", "request_hash", "status", "response", "created_at")
                    .values(SQLBind(userId), SQLBind(key), SQLBind(requestHash), SQLBind(200), SQLBind(body), SQLBind(now))
                    .run()
                return .recorded(accepted: accepted, duplicates: duplicates, response: body)
            }
        } catch {
            // A concurrent request with the same key won the race: answer as a replay of it.
            if let previous = try await previousAnswer(userId: userId, key: key, requestHash: requestHash) { return previous }
            throw error
        }
    }

    private func previousAnswer(userId: String, key: String, requestHash: String, on sql: (any SQLDatabase)? = nil) async throws -> ProgressOutcome? {
        let sql = sql ?? database.sql
        guard let row = try await sql.select().columns("request_hash", "status", "response").from("idempotency_keys")
            .where("user_id", .equal, userId).where("idempotency_key", .equal, key).first() else { return nil }
        guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .keyReused }
        return .replayed(status: try row.decode(column: "status", as: Int.self), response: try row.decode(column: "response", as: String.self))
    }

    private func lessonSubjects(_ ids: Set<String>, on sql: any SQLDatabase) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for row in try await sql.select().columns("id", "subject_id").from("lessons").where("id", .in, Array(ids)).all() {
            result[try row.decode(column: "id", as: String.self)] = try row.decode(column: "subject_id", as: String.self)
        }
        return result
    }

    private func store(_ event: NewProgressEvent, seq: Int, userId: String, key: String, subjectId: String?, now: Int64, on sql: any SQLDatabase) async throws {
        var skillId = event.skillId
        if skillId == nil, let item = event.itemId {
            skillId = try await sql.select().column("skill_id").from("quiz_items").where("id", .equal, item).first()
                .flatMap { try $0.decodeNil(column: "skill_id") ? nil : $0.decode(column: "skill_id", as: String.self) }
        }
        let record = ProgressEventRecord(
            id: UUID().uuidString.lowercased(), userId: userId, idempotencyKey: key, seq: seq, clientEventId: event.clientEventId,
            type: event.type, lessonId: event.lessonId, itemId: event.itemId, skillId: skillId,
            correct: event.correct.map { $0 ? 1 : 0 }, score: event.score, durationMs: event.durationMs,
            occurredAt: event.occurredAt, recordedAt: now)
        try await sql.insert(into: "progress_events").model(record, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        try await fold(event, userId: userId, now: now, on: sql)
        // Only events stored just now reach this point (replays and duplicate client ids return
        // earlier), so a replayed request can never move the posterior twice.
        if Self.attemptTypes.contains(event.type), let correct = event.correct, let skillId {
            try await trace(userId: userId, skillId: skillId, correct: correct, now: now, on: sql)
        }

        var award: (amount: Int, reason: String, awardKey: String?)?
        switch event.type {
        case "lesson_completed": award = (XP.lessonCompleted, "lesson_completed", "complete:\(event.lessonId)")
        case "quiz_attempt" where event.correct == true: award = (XP.correctQuizAttempt, "quiz_correct", nil)
        case "practice_problem" where event.correct == true: award = (XP.correctPracticeProblem, "practice_correct", nil)
        default: award = nil
        }
        if let award {
            try await sql.insert(into: "xp_ledger")
                .columns("id", "user_id", "amount", "reason", "event_id", "subject_id", "award_key", "created_at")
                .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(userId), SQLBind(award.amount), SQLBind(award.reason),
                        SQLBind(record.id), SQLBind(subjectId), SQLBind(award.awardKey), SQLBind(event.occurredAt))
                .ignoringConflicts(with: ["user_id", "award_key"])
                .run()
        }
    }

    /// Folds one event into `lesson_progress` with atomic increments, so concurrent writers of the
    /// same learner never lose an update.
    private func fold(_ event: NewProgressEvent, userId: String, now: Int64, on sql: any SQLDatabase) async throws {
        let isAttempt = event.type == "quiz_attempt" || event.type == "practice_problem"
        let attempts = isAttempt ? 1 : 0
        let correct = isAttempt && event.correct == true ? 1 : 0
        let duration = max(0, event.durationMs ?? 0)
        let completes = event.type == "lesson_completed"
        let score = completes ? event.score : nil
        // One atomic upsert (SQLite ≥ 3.24 and PostgreSQL share the syntax): the row is created
        // from this event or folded with it, and concurrent events of one learner never lose an
        // increment. The best score of a completion is kept.
        try await sql.raw("""
            INSERT INTO lesson_progress (user_id, lesson_id, status, score, time_spent_ms, attempts, correct, updated_at)
            VALUES (\(bind: userId), \(bind: event.lessonId), \(bind: completes ? "completed" : "in_progress"), \(bind: score),
                    \(bind: duration), \(bind: attempts), \(bind: correct), \(bind: now))
            ON CONFLICT (user_id, lesson_id) DO UPDATE SET
                time_spent_ms = lesson_progress.time_spent_ms + excluded.time_spent_ms,
                attempts = lesson_progress.attempts + excluded.attempts,
                correct = lesson_progress.correct + excluded.correct,
                status = CASE WHEN excluded.status = 'completed' THEN 'completed' ELSE lesson_progress.status END,
                score = CASE WHEN excluded.score IS NOT NULL AND (lesson_progress.score IS NULL OR lesson_progress.score < excluded.score)
                             THEN excluded.score ELSE lesson_progress.score END,
                updated_at = excluded.updated_at
            """).run()
    }

    /// The online BKT update, inside the event's transaction: the posterior and the event commit
    /// together or not at all.
    private func trace(userId: String, skillId: String, correct: Bool, now: Int64, on sql: any SQLDatabase) async throws {
        let parameters = knowledgeModel().parameters(for: skillId)
        try await sql.insert(into: "skill_knowledge")
            .columns("user_id", "skill_id", "p_known", "attempts", "correct", "updated_at")
            .values(SQLBind(userId), SQLBind(skillId), SQLBind(parameters.prior), SQLBind(0), SQLBind(0), SQLBind(now))
            .ignoringConflicts(with: ["user_id", "skill_id"])
            .run()
        var select = sql.select().columns("p_known", "log_odds").from("skill_knowledge").where("user_id", .equal, userId).where("skill_id", .equal, skillId)
        // PostgreSQL: lock the row so two concurrent requests of one learner cannot both update from
        // the same prior posterior (SQLite write transactions are already serialised).
        if database.dialect == .postgres { select = select.for(.update) }
        guard let row = try await select.first() else { return }
        // The exact state (log-odds) when stored; rows from before it start from their P(known).
        let stored = try row.decodeNil(column: "log_odds")
            ? KnowledgeState(pKnown: try row.decode(column: "p_known", as: Double.self))
            : KnowledgeState(logOdds: try row.decode(column: "log_odds", as: Double.self))
        let next = parameters.update(stored, correct: correct)
        try await sql.update("skill_knowledge")
            .set("p_known", to: next.pKnown)
            .set("log_odds", to: next.logOdds)
            .set("attempts", to: SQLRaw("attempts + 1"))
            .set("correct", to: SQLRaw(correct ? "correct + 1" : "correct"))
            .set("updated_at", to: now)
            .where("user_id", .equal, userId).where("skill_id", .equal, skillId)
            .run()
    }

    // MARK: reads

    public func lessonProgress(userId: String) async throws -> [LessonProgressRecord] {
        try await database.sql.select().column("*").from("lesson_progress").where("user_id", .equal, userId).orderBy("lesson_id")
            .all(decoding: LessonProgressRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func xp(userId: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COALESCE(SUM(amount), 0) AS total FROM xp_ledger WHERE user_id = \(bind: userId)").first()
        return try row?.decode(column: "total", as: Int.self) ?? 0
    }

    public func events(userId: String) async throws -> [ProgressEventRecord] {
        try await database.sql.select().column("*").from("progress_events").where("user_id", .equal, userId)
            .orderBy("occurred_at").orderBy("seq")
            .all(decoding: ProgressEventRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func eventCount(userId: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM progress_events WHERE user_id = \(bind: userId)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
