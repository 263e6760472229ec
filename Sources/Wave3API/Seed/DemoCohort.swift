import DatabaseLayer
import Foundation
import LearningCore
import SQLKit
import Storage

/// The demo's simulated cohort: a few hundred learners who worked through the seeded lessons over
/// six weeks, so `wave3 train` on a fresh demo has real signal to fit (docs/learning.md, "Demo
/// cohort"). Each learner has an ability, a hidden known/unknown state per skill that moves by BKT
/// (learn, forget) and items of varying difficulty; they pick a choice for each quiz item and the
/// answer is graded against the item's stored answer key (`quiz_items.answer_index`), the key the
/// API's server-side grading uses. Everything is written in one transaction with multi-row
/// inserts, so the seed takes seconds and is all-or-nothing; a second run finds the cohort and
/// adds nothing.
struct DemoCohort {
    let database: Database
    static let learners = 300
    static let days = 42
    static func email(_ k: Int) -> String { "cohort-\(String(format: "%03d", k))@wave3.dev" }

    struct Item { let id: String; let lesson: String; let skill: String; let choices: Int; let answer: Int }

    /// The seeder's hook: adds the cohort's counts to the summary.
    static func seed(_ services: AppServices, passwordHash: String, into summary: inout DemoSeeder.Summary) async throws {
        let added = try await DemoCohort(database: services.database).seed(passwordHash: passwordHash)
        summary.users += added.users
        summary.events += added.events
        // The cohort's posteriors, as the online update would have left them.
        if added.events > 0 { try await ModelTrainer.rebuildKnowledge(services.models.current.bundle.tracer, data: LearningDataRepository(database: services.database)) }
    }

    /// Seeds the cohort; returns (users, events) added.
    func seed(passwordHash: String) async throws -> (users: Int, events: Int) {
        let sql = database.sql
        if try await sql.select().column("id").from("users").where("email", .equal, Self.email(0)).first() != nil { return (0, 0) }
        var prerequisites: [String: [String]] = [:], subjects: [String: String] = [:]
        for row in try await sql.select().columns("id", "subject_id").from("lessons").orderBy("id").all() {
            subjects[try row.decode(column: "id", as: String.self)] = try row.decode(column: "subject_id", as: String.self)
        }
        for row in try await sql.select().columns("lesson_id", "prerequisite_id").from("lesson_prerequisites").all() {
            prerequisites[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "prerequisite_id", as: String.self))
        }
        var items: [String: [Item]] = [:]
        for row in try await sql.select().columns("id", "lesson_id", "skill_id", "choices", "answer_index").from("quiz_items").orderBy("id").all() {
            let choices = try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "choices", as: String.self).utf8))
            let item = Item(id: try row.decode(column: "id", as: String.self), lesson: try row.decode(column: "lesson_id", as: String.self),
                            skill: (try? row.decode(column: "skill_id", as: String.self)) ?? "", choices: choices.count,
                            answer: try row.decode(column: "answer_index", as: Int.self))
            if !item.skill.isEmpty, item.choices > 1 { items[item.lesson, default: []].append(item) }
        }
        guard !items.isEmpty else { return (0, 0) }
        let rows = DemoCohortSimulation(lessons: subjects.keys.sorted(), prerequisites: prerequisites, items: items)
            .simulate(learners: Self.learners, days: Self.days, end: Timestamp.nowMillis())
        let now = Timestamp.nowMillis()
        let subjectOf = subjects
        try await database.transaction { sql in
            try await Self.insert(sql, table: "users", columns: ["id", "email", "password_hash", "display_name", "role", "created_at"],
                                  rows.users.map { [SQLBind($0.id), SQLBind($0.email), SQLBind(passwordHash), SQLBind($0.name), SQLBind("learner"), SQLBind($0.joined)] })
            try await Self.insert(sql, table: "progress_events",
                                  columns: ["id", "user_id", "idempotency_key", "seq", "type", "lesson_id", "item_id", "skill_id", "correct", "score", "duration_ms", "occurred_at", "recorded_at"],
                                  rows.events.map { e in
                                      [SQLBind(e.id), SQLBind(e.user), SQLBind("demo-cohort"), SQLBind(e.seq), SQLBind(e.type), SQLBind(e.lesson), SQLBind(e.item),
                                       SQLBind(e.skill), SQLBind(e.correct.map { $0 ? 1 : 0 }), SQLBind(e.score), SQLBind(e.durationMs), SQLBind(e.at), SQLBind(now)]
                                  })
            try await Self.insert(sql, table: "lesson_progress", columns: ["user_id", "lesson_id", "status", "score", "time_spent_ms", "attempts", "correct", "updated_at"],
                                  rows.progress.map { [SQLBind($0.user), SQLBind($0.lesson), SQLBind("completed"), SQLBind($0.score), SQLBind($0.timeMs), SQLBind($0.attempts), SQLBind($0.correct), SQLBind($0.at)] })
            try await Self.insert(sql, table: "xp_ledger", columns: ["id", "user_id", "amount", "reason", "event_id", "subject_id", "award_key", "created_at"],
                                  rows.xp.map { x in
                                      [SQLBind(UUID().uuidString.lowercased()), SQLBind(x.user), SQLBind(x.amount), SQLBind(x.reason), SQLBind(x.event),
                                       SQLBind(subjectOf[x.lesson]), SQLBind(x.awardKey), SQLBind(x.at)]
                                  })
        }
        return (rows.users.count, rows.events.count)
    }

    /// Multi-row INSERTs of at most ~8,000 bound values each (below SQLite's and PostgreSQL's limits).
    static func insert(_ sql: any SQLDatabase, table: String, columns: [String], _ rows: [[SQLBind]]) async throws {
        let perStatement = max(1, 8_000 / columns.count)
        var start = 0
        while start < rows.count {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + perStatement)] { insert = insert.values(row) }
            try await insert.run()
            start += perStatement
        }
    }
}
