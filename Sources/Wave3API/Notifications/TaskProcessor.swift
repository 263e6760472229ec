import Foundation
import LearningCore
import Logging
import SQLKit
import Storage

struct TaskError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `async_tasks` and applies `analytics_events`, for the worker and for the embedded twin
/// alike. Every effect is idempotent (deterministic notification ids, upserts, and the
/// `processed_messages` ledger), so a message redelivered after a crash changes nothing twice.
struct TaskProcessor: Sendable {
    let services: AppServices
    let runtime: NotificationRuntime
    /// Learners per transaction when fanning out: a crash loses at most one uncommitted batch,
    /// which the redelivered task redoes.
    static let fanOutBatch = 200

    var database: Database { services.database }
    var logger: Logger { runtime.logger }

    func run(_ task: TaskMessage) async throws {
        logger.info("task started", metadata: ["id": "\(task.id)", "task": "\(task.task)", "attempt": "\(task.attempt)"])
        switch task.task {
        case "broadcast": try await broadcast(task)
        case "recompute_recommendations": try await recomputeRecommendations(learnerId: task.args["learnerId"] ?? "")
        case "recompute_all": try await recomputeAll(task)
        case "weekly_digest": try await weeklyDigest(learnerId: task.args["learnerId"])
        case "lesson_published": try await lessonPublished(lessonId: task.args["lessonId"] ?? "")
        default: throw TaskError("unknown task '\(task.task)'")
        }
        runtime.outboxWritten()
        logger.info("task done", metadata: ["id": "\(task.id)", "task": "\(task.task)"])
    }

    // MARK: tasks

    /// Admin broadcast: one notification per learner, in batches.
    private func broadcast(_ task: TaskMessage) async throws {
        guard let id = task.args["broadcastId"], let title = task.args["title"], let body = task.args["body"] else {
            throw TaskError("broadcast needs broadcastId, title and body")
        }
        let type = task.args["type"] ?? "announcement"
        let priority = Int(task.args["priority"] ?? "") ?? 0
        var learners = (task.args["learnerIds"] ?? "").split(separator: ",").map(String.init)
        if learners.isEmpty {
            learners = try await database.sql.select().column("id").from("users").where("role", .equal, "learner").orderBy("id").all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
        for start in stride(from: 0, to: learners.count, by: Self.fanOutBatch) {
            let chunk = Array(learners[start..<min(start + Self.fanOutBatch, learners.count)])
            try await database.transaction { sql in
                let known = Set(try await sql.select().column("id").from("users").where("id", .in, chunk).all().map { try $0.decode(column: "id", as: String.self) })
                for learner in chunk where known.contains(learner) {
                    try await NotificationRepository.create(NewNotification(id: "\(id):\(learner)", userId: learner, type: type, title: title,
                                                                            body: body, priority: priority), render: NotificationJSON.render, on: sql)
                }
            }
            runtime.outboxWritten()
        }
    }

    /// The learner's top hybrid recommendation; a new one is announced once.
    private func recomputeRecommendations(learnerId: String) async throws {
        guard !learnerId.isEmpty, try await services.users.find(id: learnerId) != nil else {
            throw TaskError("no learner '\(learnerId)' to recompute recommendations for")
        }
        let loaded = services.models.current
        let index = try await services.recommenders.get(loaded, data: services.learningData)
        let completed = try await services.learningData.completedLessons(userId: learnerId)
        var mastery: [String: Double] = [:]
        for state in try await services.learningData.skillKnowledge(userId: learnerId) { mastery[state.skillId] = state.pKnown }
        let responses = try await services.learningData.events(types: ["quiz_attempt"], userId: learnerId).compactMap { event in
            event.correct.flatMap { correct in index.lessonDifficulty[event.lessonId].map { (difficulty: $0, correct: correct) } }
        }
        let profile = LearnerProfile(completed: completed, mastery: mastery, ability: RaschCalibrator().ability(responses: responses))
        guard let top = index.recommender.recommend(for: profile, algorithm: .hybrid, limit: 1).first else { return }
        try await database.transaction { sql in
            let previous = try await sql.select().column("lesson_id").from("recommendation_heads").where("user_id", .equal, learnerId).first()
                .map { try $0.decode(column: "lesson_id", as: String.self) }
            guard previous != top.lessonId else { return }
            try await sql.raw("""
                INSERT INTO recommendation_heads (user_id, lesson_id, updated_at) VALUES (\(bind: learnerId), \(bind: top.lessonId), \(bind: Timestamp.nowMillis()))
                ON CONFLICT (user_id) DO UPDATE SET lesson_id = excluded.lesson_id, updated_at = excluded.updated_at
                """).run()
            try await NotificationRepository.create(
                NewNotification(id: "rec:\(learnerId):\(top.lessonId)", userId: learnerId, type: "recommendation",
                                title: "Recommended next: \(top.title)", body: top.reason), render: NotificationJSON.render, on: sql)
        }
    }

    /// After training: one recompute task per learner with any progress.
    private func recomputeAll(_ task: TaskMessage) async throws {
        let learners = try await database.sql.raw("SELECT DISTINCT user_id FROM lesson_progress ORDER BY user_id").all()
            .map { try $0.decode(column: "user_id", as: String.self) }
        try await database.transaction { sql in
            for learner in learners {
                try await Outbox.enqueue(task: TaskMessage(id: "\(task.id):\(learner)", task: "recompute_recommendations", args: ["learnerId": learner]), on: sql)
            }
        }
    }

    /// The week's summary for one learner, or for every learner active in the last 7 days.
    private func weeklyDigest(learnerId: String?) async throws {
        let now = Timestamp.nowMillis()
        let weekAgo = now - 7 * 86_400_000
        let week = now / (7 * 86_400_000)
        var learners: [String]
        if let learnerId, !learnerId.isEmpty {
            guard try await services.users.find(id: learnerId) != nil else { throw TaskError("no learner '\(learnerId)' for a digest") }
            learners = [learnerId]
        } else {
            learners = try await database.sql.raw("SELECT DISTINCT user_id FROM progress_events WHERE recorded_at >= \(bind: weekAgo)").all()
                .map { try $0.decode(column: "user_id", as: String.self) }
        }
        for learner in learners {
            let completed = try await database.sql.raw("""
                SELECT COUNT(*) AS n FROM progress_events WHERE user_id = \(bind: learner) AND type = 'lesson_completed' AND recorded_at >= \(bind: weekAgo)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let xp = try await database.sql.raw("SELECT COALESCE(SUM(amount), 0) AS n FROM xp_ledger WHERE user_id = \(bind: learner) AND created_at >= \(bind: weekAgo)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            _ = try await database.transaction { sql in
                try await NotificationRepository.create(
                    NewNotification(id: "digest:\(week):\(learner)", userId: learner, type: "digest", title: "Your week",
                                    body: "\(completed) lesson(s) completed and \(xp) XP earned in the last 7 days."),
                    render: NotificationJSON.render, on: sql)
            }
        }
    }

    /// A new lesson: learners who study its subject are told, and every socket gets a lesson_update.
    private func lessonPublished(lessonId: String) async throws {
        guard let lesson = try await services.lessons.get(lessonId) else { throw TaskError("no lesson '\(lessonId)'") }
        let learners = try await database.sql.raw("""
            SELECT DISTINCT p.user_id FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE l.subject_id = \(bind: lesson.subjectId) AND p.lesson_id <> \(bind: lessonId) ORDER BY p.user_id
            """).all().map { try $0.decode(column: "user_id", as: String.self) }
        struct LessonUpdate: Encodable { let type = "lesson_update"; let lessonId: String; let subjectId: String; let title: String }
        let update = try NotificationJSON.text(LessonUpdate(lessonId: lesson.id, subjectId: lesson.subjectId, title: lesson.title))
        try await database.transaction { sql in
            try await Outbox.enqueue(push: PushEnvelope(id: "lesson-update:\(lesson.id):\(lesson.version)", learnerIds: nil, message: update), on: sql)
        }
        for start in stride(from: 0, to: learners.count, by: Self.fanOutBatch) {
            let chunk = learners[start..<min(start + Self.fanOutBatch, learners.count)]
            try await database.transaction { sql in
                for learner in chunk {
                    try await NotificationRepository.create(
                        NewNotification(id: "lesson:\(lesson.id):\(learner)", userId: learner, type: "new_lesson",
                                        title: "New lesson: \(lesson.title)", body: "A new lesson was published in \(lesson.subjectId)."),
                        render: NotificationJSON.render, on: sql)
                }
            }
        }
    }
}
