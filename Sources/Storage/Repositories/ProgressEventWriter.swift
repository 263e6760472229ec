import DatabaseLayer
import Foundation
import LearningCore
import SQLKit

/// Stores one event inside the request's transaction and applies what follows from it: the
/// per-lesson fold, the BKT update and the XP award. Only events stored just now get that far
/// (replays and duplicate client ids stop earlier), so nothing is counted twice.
struct ProgressEventWriter {
    let userId: String
    let key: String
    let now: Int64
    let knowledgeModel: @Sendable () -> KnowledgeTracer
    let dialect: Database.Dialect
    let durations: ProgressRepository.Durations

    enum Stored {
        /// Stored now; `xp` is what it earned.
        case stored(xp: Int)
        /// Stored before under the same client event id; its stored grade, if it has one.
        case duplicate(correct: Bool?)
    }

    func store(_ event: ProgressEvent, seq: Int, subjectId: String?, on sql: any SQLDatabase) async throws -> Stored {
        var skillId = event.skillId
        if skillId == nil, let item = event.itemId {
            skillId = try await sql.select().column("skill_id").from("quiz_items").where("id", .equal, item).first()
                .flatMap { try $0.decodeNil(column: "skill_id") ? nil : $0.decode(column: "skill_id", as: String.self) }
        }
        var graded = event
        graded.skillId = skillId
        if graded.eventType == .lessonCompleted { graded.score = try await serverScore(lessonId: event.lessonId, on: sql) }
        if durations == .clampedToLessonStart, let claimed = graded.durationMs {
            graded.durationMs = try await creditedDuration(claimed, lessonId: event.lessonId, on: sql)
        }
        let record = StoredProgressEvent(id: UUID().uuidString.lowercased(), userId: userId, idempotencyKey: key, seq: seq, recordedAt: now, event: graded)
        if dialect == .postgres {
            // One statement: the event and its fold, the fold only when the event was stored.
            if try await storeAndFold(record, graded, on: sql) == false {
                return .duplicate(correct: try await storedGrade(clientId: event.clientEventId ?? "", on: sql))
            }
        } else {
            let insert = sql.insert(into: "progress_events").columns(StoredProgressEvent.columns).values(record.values.map { SQLBind($0) })
            if let clientId = event.clientEventId {
                // Two requests under different keys may carry the same client event: the loser
                // inserts nothing and reports a duplicate instead of failing on the unique index.
                let inserted = try await insert.ignoringConflicts(with: ["user_id", "client_event_id"]).returning("id").all()
                if inserted.isEmpty { return .duplicate(correct: try await storedGrade(clientId: clientId, on: sql)) }
            } else {
                try await insert.run()
            }
            try await sql.raw("INSERT INTO lesson_progress (\(unsafeRaw: Self.foldColumns)) VALUES (\(binds: foldValues(graded))) \(unsafeRaw: Self.foldConflict)").run()
        }
        return .stored(xp: try await score(graded, eventId: record.id, skillId: skillId, subjectId: subjectId, on: sql))
    }

    private func storedGrade(clientId: String, on sql: any SQLDatabase) async throws -> Bool? {
        guard let row = try await sql.select().column("correct").from("progress_events")
            .where("user_id", .equal, userId).where("client_event_id", .equal, clientId).first(),
              !(try row.decodeNil(column: "correct")) else { return nil }
        return try row.decode(column: "correct", as: Int.self) != 0
    }

    /// Knowledge tracing and XP. A quiz item counts until it is first answered correctly: that
    /// answer earns its XP once, and later answers to it (which a learner can repeat at will) move
    /// neither XP nor mastery. Practice problems are not graded by the server, so they earn nothing.
    private func score(_ event: ProgressEvent, eventId: String, skillId: String?, subjectId: String?, on sql: any SQLDatabase) async throws -> Int {
        switch event.eventType {
        case .lessonCompleted:
            _ = try await award(XPAward(amount: ProgressRepository.XP.lessonCompleted, reason: "lesson_completed",
                                        key: "complete:\(event.lessonId)"), eventId: eventId, subjectId: subjectId, at: event.occurredAt, on: sql)
            return 0
        case .quizAttempt:
            guard let correct = event.correct else { return 0 }
            guard let item = event.itemId else {
                // Only trusted in-process callers (seeding, training tests) record an attempt
                // without an item; the API always names one.
                if let skillId { try await trace(skillId: skillId, itemId: nil, correct: correct, on: sql) }
                return 0
            }
            let awardKey = "quiz:\(item)"
            if correct {
                let earned = try await award(XPAward(amount: ProgressRepository.XP.correctQuizAttempt, reason: "quiz_correct", key: awardKey),
                                             eventId: eventId, subjectId: subjectId, at: event.occurredAt, on: sql)
                guard earned > 0 else { return 0 }
                if let skillId { try await trace(skillId: skillId, itemId: item, correct: true, on: sql) }
                return earned
            }
            let mastered = try await sql.select().column("id").from("xp_ledger")
                .where("user_id", .equal, userId).where("award_key", .equal, awardKey).first() != nil
            if !mastered, let skillId { try await trace(skillId: skillId, itemId: item, correct: false, on: sql) }
            return 0
        case .practiceProblem:
            // Ungraded, so the item a client names cannot choose how much its claim counts.
            if let correct = event.correct, let skillId { try await trace(skillId: skillId, itemId: nil, correct: correct, on: sql) }
            return 0
        default:
            return 0
        }
    }

    struct XPAward {
        let amount: Int
        let reason: String
        /// One-time awards carry a key; the ledger's unique index makes a second one impossible.
        let key: String?
    }

    /// The one place XP is granted; returns the amount booked (0 when a one-time award was already
    /// held).
    private func award(_ award: XPAward, eventId: String, subjectId: String?, at time: Int64, on sql: any SQLDatabase) async throws -> Int {
        let rows = try await sql.insert(into: "xp_ledger")
            .columns("id", "user_id", "amount", "reason", "event_id", "subject_id", "award_key", "created_at")
            .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(userId), SQLBind(award.amount), SQLBind(award.reason),
                    SQLBind(eventId), SQLBind(subjectId), SQLBind(award.key), SQLBind(time))
            .ignoringConflicts(with: ["user_id", "award_key"])
            .returning("id").all()
        return rows.isEmpty ? 0 : award.amount
    }

    /// `lesson_progress` is folded with atomic increments, so concurrent writers of the same
    /// learner never lose an update: one upsert (SQLite ≥ 3.24 and PostgreSQL share the syntax)
    /// creates the row from the event or folds the event into it, keeping a completion's best score.
    static let foldColumns = "user_id, lesson_id, status, score, time_spent_ms, attempts, correct, updated_at"
    static let foldConflict = """
        ON CONFLICT (user_id, lesson_id) DO UPDATE SET
            time_spent_ms = lesson_progress.time_spent_ms + excluded.time_spent_ms,
            attempts = lesson_progress.attempts + excluded.attempts,
            correct = lesson_progress.correct + excluded.correct,
            status = CASE WHEN excluded.status = 'completed' THEN 'completed' ELSE lesson_progress.status END,
            score = CASE WHEN excluded.score IS NOT NULL AND (lesson_progress.score IS NULL OR lesson_progress.score < excluded.score)
                         THEN excluded.score ELSE lesson_progress.score END,
            updated_at = excluded.updated_at
        """

    /// The row one event folds into `lesson_progress`, in the order of `foldColumns`.
    private func foldValues(_ event: ProgressEvent) -> [any Encodable & Sendable] {
        let isAttempt = event.eventType?.isAttempt == true && event.correct != nil
        let completes = event.eventType == .lessonCompleted
        return [userId, event.lessonId, completes ? "completed" : "in_progress", completes ? event.score : nil,
                max(0, event.durationMs ?? 0), isAttempt ? 1 : 0, isAttempt && event.correct == true ? 1 : 0, now]
    }

    /// PostgreSQL: the event insert and the fold in one statement (a data-modifying CTE). The fold
    /// reads its one row from what the insert returned, so a duplicate client event id (the
    /// insert does nothing, after waiting for a concurrent winner's commit) folds nothing.
    /// Returns whether the event was stored.
    private func storeAndFold(_ record: StoredProgressEvent, _ event: ProgressEvent, on sql: any SQLDatabase) async throws -> Bool {
        let conflict = event.clientEventId == nil ? "" : "ON CONFLICT (user_id, client_event_id) DO NOTHING"
        // Typed casts: parameters in a SELECT list get no type from the target columns.
        let fold = foldValues(event)
        let rows = try await sql.raw("""
            WITH stored AS (INSERT INTO progress_events (\(unsafeRaw: StoredProgressEvent.columns.joined(separator: ", ")))
                            VALUES (\(binds: record.values)) \(unsafeRaw: conflict) RETURNING id)
            INSERT INTO lesson_progress (\(unsafeRaw: Self.foldColumns))
            SELECT CAST(\(bind: fold[0]) AS TEXT), CAST(\(bind: fold[1]) AS TEXT), CAST(\(bind: fold[2]) AS TEXT),
                   CAST(\(bind: fold[3]) AS DOUBLE PRECISION), CAST(\(bind: fold[4]) AS BIGINT), CAST(\(bind: fold[5]) AS INTEGER),
                   CAST(\(bind: fold[6]) AS INTEGER), CAST(\(bind: fold[7]) AS BIGINT) FROM stored
            \(unsafeRaw: Self.foldConflict)
            RETURNING user_id
            """).all()
        return !rows.isEmpty
    }

    /// The online BKT update, inside the event's transaction: the posterior and the event commit
    /// together or not at all. The item (a server-side id, never a client's claim about
    /// difficulty) picks its calibrated emissions when the active model has them.
    private func trace(skillId: String, itemId: String?, correct: Bool, on sql: any SQLDatabase) async throws {
        let parameters = knowledgeModel().parameters(skill: skillId, item: itemId)
        // One upsert creates the learner's row at the prior or, with a write that changes nothing,
        // takes the existing one, and returns its state. The write locks the row on PostgreSQL, so
        // two concurrent requests of one learner cannot both update from the same posterior
        // (SQLite write transactions are already serialised).
        guard let row = try await sql.raw("""
            INSERT INTO skill_knowledge (user_id, skill_id, p_known, attempts, correct, updated_at)
            VALUES (\(bind: userId), \(bind: skillId), \(bind: parameters.prior), 0, 0, \(bind: now))
            ON CONFLICT (user_id, skill_id) DO UPDATE SET updated_at = skill_knowledge.updated_at
            RETURNING p_known, log_odds
            """).first() else { return }
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
}
