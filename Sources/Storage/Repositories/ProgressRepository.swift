import DatabaseLayer
import Foundation
import LearningCore
import SQLKit

/// Learner events, their folded per-lesson state, the XP ledger, idempotency keys, and the online
/// BKT state each attempt moves.
public struct ProgressRepository: Sendable {
    let database: Database
    /// The knowledge-tracing model in force (BKT, with item difficulties when the active version
    /// has them), read at each attempt so a newly activated model version applies to the next
    /// event without a restart.
    let knowledgeModel: @Sendable () -> KnowledgeTracer
    /// Runs inside each write's transaction after the write (not for a replay), with the learner's
    /// id: a database-backed cache drops the learner's derived entries in the same commit.
    let alsoInTransaction: (@Sendable (_ userId: String, _ sql: any SQLDatabase) async throws -> Void)?

    /// XP awarded per event; the ledger keeps the history, leaderboards are derived from it.
    public enum XP {
        public static let lessonCompleted = 50
        public static let correctQuizAttempt = 10
    }

    /// Bounds on what an event may claim (docs/api.md).
    public enum Limits {
        /// The most time one event can add to a lesson, however long ago the lesson started.
        public static let maxCreditedDurationMs: Int64 = 4 * 3_600_000
    }

    /// Whose clock a `durationMs` is measured against.
    public enum Durations: Sendable {
        /// A client's claim: credited only up to the wall time the server saw pass since the
        /// learner's latest `lesson_started` of the lesson, less what was credited since then.
        case clampedToLessonStart
        /// A history written in process (the demo seeder, training tests) on a simulated clock,
        /// stored as given.
        case asRecorded
    }

    public init(database: Database, knowledgeModel: @escaping @Sendable () -> KnowledgeTracer = { KnowledgeTracer() },
                alsoInTransaction: (@Sendable (_ userId: String, _ sql: any SQLDatabase) async throws -> Void)? = nil) {
        self.database = database
        self.knowledgeModel = knowledgeModel
        self.alsoInTransaction = alsoInTransaction
    }

    /// Event types that are scored attempts at a skill, the observations of BKT.
    public static let attemptTypes: Set<String> = Set(EventType.allCases.filter(\.isAttempt).map(\.rawValue))

    /// Records `events` under `key` atomically: all of them with the key and the answer, or none.
    ///
    /// - Parameter response: builds the body saved for replays from (accepted, duplicates).
    public func record(userId: String, key: String, requestHash: String, events: [ProgressEvent], durations: Durations = .clampedToLessonStart,
                       response: @escaping @Sendable (_ accepted: Int, _ duplicates: Int) -> String) async throws -> ProgressOutcome {
        try await record(userId: userId, key: key, requestHash: requestHash, events: events, durations: durations) { receipt in
            response(receipt.accepted, receipt.duplicates)
        }
    }

    /// Records `events` under `key` atomically; `respond` builds the body saved for replays from the
    /// receipt (counts and the grade of each quiz attempt).
    public func record(userId: String, key: String, requestHash: String, events: [ProgressEvent], durations: Durations = .clampedToLessonStart,
                       respond: @escaping @Sendable (ProgressReceipt) -> String) async throws -> ProgressOutcome {
        let lessonIds = Array(Set(events.map(\.lessonId))).sorted()
        // The time left since a lesson's start is read, then spent: a learner's concurrent
        // requests take turns so they cannot spend it twice. Taken before any insert, so it
        // cannot close a cycle with the unique-index waits of client event ids.
        let lockLearner = database.dialect == .postgres && durations == .clampedToLessonStart && events.contains(where: { $0.durationMs != nil })
        do {
            return try await database.transaction { sql in
                // One statement: the key's saved answer (a replay writes nothing), the lessons'
                // subjects (the unknown-lesson check and the subject each XP award is booked
                // under) and the learner's lock when it is needed.
                let preflight = try await ProgressPreflight.read(userId: userId, key: key, lessonIds: lessonIds, lockLearner: lockLearner, on: sql)
                if let previous = preflight.previousOutcome(requestHash: requestHash) { return previous }
                let subjects = preflight.subjects
                if let unknown = events.first(where: { subjects[$0.lessonId] == nil }) { return .unknownLesson(unknown.lessonId) }
                let now = Timestamp.nowMillis()
                var receipt = ProgressReceipt()
                for (seq, event) in events.enumerated() {
                    let writer = ProgressEventWriter(userId: userId, key: key, now: now, knowledgeModel: knowledgeModel, dialect: database.dialect,
                                                     durations: durations)
                    let stored = try await writer.store(event, seq: seq, subjectId: subjects[event.lessonId], on: sql)
                    switch stored {
                    case .stored(let xp):
                        receipt.accepted += 1
                        if let item = event.itemId, let correct = event.correct, event.eventType == .quizAttempt {
                            receipt.results.append(GradedAttempt(index: seq, id: event.clientEventId, itemId: item, correct: correct, xp: xp, duplicate: false))
                        }
                    case .duplicate(let correct):
                        receipt.duplicates += 1
                        if let item = event.itemId, let correct, event.eventType == .quizAttempt {
                            receipt.results.append(GradedAttempt(index: seq, id: event.clientEventId, itemId: item, correct: correct, xp: 0, duplicate: true))
                        }
                    }
                }
                let body = respond(receipt)
                try await saveAnswer(userId: userId, key: key, requestHash: requestHash, body: body, now: now,
                                     analytics: ProgressNotifications.message(userId: userId, events: events, subjects: subjects,
                                                                              accepted: receipt.accepted, now: now), on: sql)
                try await alsoInTransaction?(userId, sql)
                return .recorded(accepted: receipt.accepted, duplicates: receipt.duplicates, response: body)
            }
        } catch {
            // A concurrent request with the same key won the race: answer as a replay of it.
            if let previous = try await previousAnswer(userId: userId, key: key, requestHash: requestHash) { return previous }
            throw error
        }
    }

    private func previousAnswer(userId: String, key: String, requestHash: String) async throws -> ProgressOutcome? {
        guard let row = try await database.sql.select().columns("request_hash", "status", "response").from("idempotency_keys")
            .where("user_id", .equal, userId).where("idempotency_key", .equal, key).first() else { return nil }
        guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .keyReused }
        return .replayed(status: try row.decode(column: "status", as: Int.self), response: try row.decode(column: "response", as: String.self))
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

    public func events(userId: String) async throws -> [StoredProgressEvent] {
        try await database.sql.select().columns(StoredProgressEvent.columns).from("progress_events").where("user_id", .equal, userId)
            .orderBy("occurred_at").orderBy("seq")
            .all().map(StoredProgressEvent.init(row:))
    }

    public func eventCount(userId: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM progress_events WHERE user_id = \(bind: userId)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
