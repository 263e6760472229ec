import DatabaseLayer
import Foundation
import SQLKit

/// What the learning models read and write besides progress itself: the stored BKT state, the
/// event history they train on, completion histories, and the difficulties they calibrate.
public struct LearningDataRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: BKT state

    public func skillKnowledge(userId: String) async throws -> [SkillKnowledgeRecord] {
        try await database.sql.select().column("*").from("skill_knowledge").where("user_id", .equal, userId).orderBy("skill_id")
            .all(decoding: SkillKnowledgeRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Replaces every learner's BKT state with `compute(attempt events)`, after a training run or an
    /// activation changed the parameters the stored posteriors were computed with.
    ///
    /// The events are read inside the transaction that rewrites the states, so no attempt is lost or
    /// counted twice against a concurrent `ProgressRepository.record`: on PostgreSQL the table lock
    /// waits for recorders already tracing and makes later ones wait (their events, invisible to the
    /// read, are then traced onto the new states); SQLite write transactions are serialised anyway.
    public func rebuildKnowledge(types: [String], _ compute: @escaping @Sendable ([StoredProgressEvent]) -> [SkillKnowledgeRecord]) async throws {
        try await database.transaction { sql in
            if database.dialect == .postgres { try await sql.raw("LOCK TABLE skill_knowledge IN EXCLUSIVE MODE").run() }
            let states = compute(try await events(types: types, on: sql))
            try await sql.delete(from: "skill_knowledge").run()
            // Multi-row inserts keep a large rebuild to a few hundred round trips.
            var start = 0
            while start < states.count {
                let chunk = states[start..<min(states.count, start + 200)]
                var insert = sql.insert(into: "skill_knowledge").columns("user_id", "skill_id", "p_known", "attempts", "correct", "updated_at", "log_odds")
                for s in chunk {
                    insert = insert.values(SQLBind(s.userId), SQLBind(s.skillId), SQLBind(s.pKnown), SQLBind(s.attempts), SQLBind(s.correct), SQLBind(s.updatedAt),
                                           SQLBind(s.logOdds))
                }
                try await insert.run()
                start += chunk.count
            }
        }
    }

    // MARK: histories

    /// Every event of the types given (all when empty), grouped by learner and in each learner's
    /// chronological order: the training set of `wave3 train`.
    public func events(types: [String] = [], userId: String? = nil) async throws -> [StoredProgressEvent] {
        try await events(types: types, userId: userId, on: database.sql)
    }

    func events(types: [String], userId: String? = nil, on sql: any SQLDatabase) async throws -> [StoredProgressEvent] {
        var query = sql.select().columns(StoredProgressEvent.columns).from("progress_events")
        if !types.isEmpty { query = query.where("type", .in, types) }
        if let userId { query = query.where("user_id", .equal, userId) }
        return try await query.orderBy("user_id").orderBy("occurred_at").orderBy("recorded_at").orderBy("seq").all()
            .map(StoredProgressEvent.init(row:))
    }

    /// Completed lesson ids per learner, oldest completion first.
    public func completionHistories() async throws -> [String: [String]] {
        let rows = try await database.sql.select().columns("user_id", "lesson_id").from("lesson_progress")
            .where("status", .equal, "completed").orderBy("user_id").orderBy("updated_at").orderBy("lesson_id").all()
        var histories: [String: [String]] = [:]
        for row in rows {
            histories[try row.decode(column: "user_id", as: String.self), default: []].append(try row.decode(column: "lesson_id", as: String.self))
        }
        return histories
    }

    /// One learner's completed lesson ids, oldest first.
    public func completedLessons(userId: String) async throws -> [String] {
        try await database.sql.select().column("lesson_id").from("lesson_progress")
            .where("user_id", .equal, userId).where("status", .equal, "completed").orderBy("updated_at").orderBy("lesson_id").all()
            .map { try $0.decode(column: "lesson_id", as: String.self) }
    }

    // MARK: catalogue and calibration

    /// The skills each lesson teaches.
    public func lessonSkills() async throws -> [String: [String]] {
        var skills: [String: [String]] = [:]
        for row in try await database.sql.select().columns("lesson_id", "skill_id").from("lesson_skills").orderBy("lesson_id").orderBy("skill_id").all() {
            skills[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "skill_id", as: String.self))
        }
        return skills
    }

    /// Every quiz item that names a skill, by lesson: what the item-aware success prediction
    /// averages over.
    public func quizItemSkills() async throws -> [String: [(id: String, skill: String)]] {
        var items: [String: [(id: String, skill: String)]] = [:]
        for row in try await database.sql.select().columns("id", "lesson_id", "skill_id").from("quiz_items").orderBy("id").all() {
            guard !(try row.decodeNil(column: "skill_id")) else { continue }
            items[try row.decode(column: "lesson_id", as: String.self), default: []]
                .append((id: try row.decode(column: "id", as: String.self), skill: try row.decode(column: "skill_id", as: String.self)))
        }
        return items
    }

    /// Every lesson with its skills and prerequisites (three scans, no `IN` lists, so it scales).
    public func catalogue() async throws -> [LessonRecord] {
        let rows = try await database.sql.select().column("*").from("lessons").orderBy("id")
            .all(decoding: LessonRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        var skills: [String: [String]] = [:]
        for row in try await database.sql.select().columns("lesson_id", "skill_id").from("lesson_skills").orderBy("skill_id").all() {
            skills[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "skill_id", as: String.self))
        }
        var prerequisites: [String: [String]] = [:]
        for row in try await database.sql.select().columns("lesson_id", "prerequisite_id").from("lesson_prerequisites").orderBy("prerequisite_id").all() {
            prerequisites[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "prerequisite_id", as: String.self))
        }
        return rows.map { row in
            LessonRecord(id: row.id, subjectId: row.subjectId, title: row.title, content: row.content, estimatedMinutes: row.estimatedMinutes,
                         difficulty: row.difficulty, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
                         skills: skills[row.id] ?? [], prerequisites: prerequisites[row.id] ?? [])
        }
    }

    /// Writes calibrated item difficulties (logits) and lesson levels in one transaction. A lesson
    /// whose level changes gets a new version, so its ETag moves and caches refetch it.
    public func applyDifficulties(items: [String: Double], lessonLevels: [String: String]) async throws {
        try await database.transaction { sql in
            for (id, difficulty) in items.sorted(by: { $0.key < $1.key }) {
                try await sql.update("quiz_items").set("difficulty", to: difficulty).where("id", .equal, id).run()
            }
            let now = Timestamp.nowMillis()
            for (id, level) in lessonLevels.sorted(by: { $0.key < $1.key }) {
                try await sql.update("lessons").set("difficulty", to: level).set("version", to: SQLRaw("version + 1")).set("updated_at", to: now)
                    .where("id", .equal, id).where("difficulty", .notEqual, level).run()
            }
        }
    }
}
