import DatabaseLayer
import Foundation
import SQLKit

/// Subjects, skills, lessons, their prerequisite edges and quiz items.
public struct LessonRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: subjects and skills

    public func upsertSubject(_ subject: SubjectRecord) async throws {
        try await database.sql.insert(into: "subjects").model(subject)
            .onConflict(with: ["id"]) { try $0.set(excludedContentOf: subject) }.run()
    }

    public func subjects() async throws -> [SubjectRecord] {
        try await database.sql.select().column("*").from("subjects").orderBy("id").all(decoding: SubjectRecord.self)
    }

    public func subjectExists(_ id: String) async throws -> Bool {
        try await database.sql.select().column("id").from("subjects").where("id", .equal, id).first() != nil
    }

    // MARK: lessons

    public func list(_ filter: LessonFilter) async throws -> [LessonRecord] {
        var query = database.sql.select().column("*").from("lessons")
        if let subject = filter.subjectId { query = query.where("subject_id", .equal, subject) }
        if let difficulty = filter.difficulty { query = query.where("difficulty", .equal, difficulty) }
        if let skill = filter.skillId {
            query = query.where(SQLColumn("id"), .in,
                                SQLGroupExpression(SQLQueryString("SELECT lesson_id FROM lesson_skills WHERE skill_id = \(bind: skill)")))
        }
        if let after = filter.afterId { query = query.where("id", .greaterThan, after) }
        let rows = try await query.orderBy("id").limit(filter.limit)
            .all(decoding: LessonRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try await attachRelations(rows, on: database.sql)
    }

    public func get(_ id: String) async throws -> LessonRecord? {
        try await get(id, on: database.sql)
    }

    func get(_ id: String, on sql: any SQLDatabase) async throws -> LessonRecord? {
        let rows = try await sql.select().column("*").from("lessons").where("id", .equal, id)
            .all(decoding: LessonRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try await attachRelations(rows, on: sql).first
    }

    public func exists(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.sql.select().column("id").from("lessons").where("id", .in, ids).all()
        return Set(try rows.map { try $0.decode(column: "id", as: String.self) })
    }

    /// Every prerequisite edge (lesson → prerequisite), for cycle checks and graph algorithms.
    public func prerequisiteEdges() async throws -> [(lesson: String, prerequisite: String)] {
        try await prerequisiteEdges(on: database.sql)
    }

    func prerequisiteEdges(on sql: any SQLDatabase) async throws -> [(lesson: String, prerequisite: String)] {
        let rows = try await sql.select().columns("lesson_id", "prerequisite_id").from("lesson_prerequisites").all()
        return try rows.map { (try $0.decode(column: "lesson_id", as: String.self), try $0.decode(column: "prerequisite_id", as: String.self)) }
    }

    /// Creates a lesson. `validate` runs inside the transaction with the current edge set, so two
    /// concurrent edits cannot together close a cycle that neither would alone.
    public func create(id: String, draft: LessonDraft,
                       validate: @escaping @Sendable ([(lesson: String, prerequisite: String)]) throws -> Void) async throws -> LessonRecord {
        let now = Timestamp.nowMillis()
        return try await database.transaction { sql in
            try validate(try await prerequisiteEdges(on: sql))
            try await sql.insert(into: "lessons")
                .columns("id", "subject_id", "title", "content", "estimated_minutes", "difficulty", "version", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(draft.subjectId), SQLBind(draft.title), SQLBind(draft.content), SQLBind(draft.estimatedMinutes),
                        SQLBind(draft.difficulty), SQLBind(1), SQLBind(now), SQLBind(now))
                .run()
            try await writeRelations(lessonId: id, draft: draft, on: sql)
            // Notifications (issue 12): learners of the subject hear of it, through the worker.
            try await Outbox.enqueue(task: TaskMessage(id: "lesson-published:\(id)", task: "lesson_published", args: ["lessonId": id]), on: sql)
            guard let lesson = try await get(id, on: sql) else { throw DatabaseError.notFound }
            return lesson
        }
    }

    /// Replaces a lesson's fields and relations; `DatabaseError.notFound` when it does not exist.
    public func update(id: String, draft: LessonDraft,
                       validate: @escaping @Sendable ([(lesson: String, prerequisite: String)]) throws -> Void) async throws -> LessonRecord {
        try await database.transaction { sql in
            guard try await sql.select().column("id").from("lessons").where("id", .equal, id).first() != nil else {
                throw DatabaseError.notFound
            }
            try validate(try await prerequisiteEdges(on: sql))
            try await sql.update("lessons")
                .set("subject_id", to: draft.subjectId).set("title", to: draft.title).set("content", to: draft.content)
                .set("estimated_minutes", to: draft.estimatedMinutes).set("difficulty", to: draft.difficulty)
                .set("version", to: SQLRaw("version + 1")).set("updated_at", to: Timestamp.nowMillis())
                .where("id", .equal, id).run()
            try await sql.delete(from: "lesson_skills").where("lesson_id", .equal, id).run()
            try await sql.delete(from: "lesson_prerequisites").where("lesson_id", .equal, id).run()
            try await writeRelations(lessonId: id, draft: draft, on: sql)
            guard let lesson = try await get(id, on: sql) else { throw DatabaseError.notFound }
            return lesson
        }
    }

    /// Deletes a lesson; edges from lessons that required it go with it. Returns false when absent.
    public func delete(id: String) async throws -> Bool {
        try await database.transaction { sql in
            guard try await sql.select().column("id").from("lessons").where("id", .equal, id).first() != nil else { return false }
            try await sql.delete(from: "lesson_prerequisites").where("prerequisite_id", .equal, id).run()
            try await sql.delete(from: "lesson_prerequisites").where("lesson_id", .equal, id).run()
            try await sql.delete(from: "lesson_skills").where("lesson_id", .equal, id).run()
            try await sql.delete(from: "quiz_items").where("lesson_id", .equal, id).run()
            try await sql.delete(from: "lessons").where("id", .equal, id).run()
            return true
        }
    }

    public func setDifficulty(id: String, difficulty: String) async throws {
        try await database.sql.update("lessons").set("difficulty", to: difficulty).where("id", .equal, id).run()
    }

    // MARK: quiz items

    public func upsertQuizItem(_ item: QuizItemRecord) async throws {
        try await database.sql.insert(into: "quiz_items").model(item, keyEncodingStrategy: .convertToSnakeCase)
            .onConflict(with: ["id"]) { try $0.set(excludedContentOf: item, keyEncodingStrategy: .convertToSnakeCase) }.run()
    }

    public func quizItems(lessonId: String) async throws -> [QuizItemRecord] {
        try await database.sql.select().column("*").from("quiz_items").where("lesson_id", .equal, lessonId).orderBy("id")
            .all(decoding: QuizItemRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: helpers

    private func writeRelations(lessonId: String, draft: LessonDraft, on sql: any SQLDatabase) async throws {
        for skill in Set(draft.skills).sorted() {
            // Skills are named by the lessons that teach them: an unknown skill id is created under
            // the lesson's subject rather than refused.
            if try await sql.select().column("id").from("skills").where("id", .equal, skill).first() == nil {
                try await sql.insert(into: "skills").columns("id", "subject_id", "name")
                    .values(SQLBind(skill), SQLBind(draft.subjectId), SQLBind(Self.skillName(skill))).run()
            }
            try await sql.insert(into: "lesson_skills").columns("lesson_id", "skill_id").values(SQLBind(lessonId), SQLBind(skill)).run()
        }
        for prerequisite in Set(draft.prerequisites).sorted() {
            try await sql.insert(into: "lesson_prerequisites").columns("lesson_id", "prerequisite_id")
                .values(SQLBind(lessonId), SQLBind(prerequisite)).run()
        }
    }

    static func skillName(_ id: String) -> String {
        let last = id.split(separator: ".").last.map(String.init) ?? id
        return last.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ").capitalized
    }

    private func attachRelations(_ rows: [LessonRow], on sql: any SQLDatabase) async throws -> [LessonRecord] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        var skills: [String: [String]] = [:]
        for row in try await sql.select().columns("lesson_id", "skill_id").from("lesson_skills").where("lesson_id", .in, ids).orderBy("skill_id").all() {
            skills[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "skill_id", as: String.self))
        }
        var prerequisites: [String: [String]] = [:]
        for row in try await sql.select().columns("lesson_id", "prerequisite_id").from("lesson_prerequisites").where("lesson_id", .in, ids).orderBy("prerequisite_id").all() {
            prerequisites[try row.decode(column: "lesson_id", as: String.self), default: []].append(try row.decode(column: "prerequisite_id", as: String.self))
        }
        return rows.map { row in
            LessonRecord(id: row.id, subjectId: row.subjectId, title: row.title, content: row.content, estimatedMinutes: row.estimatedMinutes,
                         difficulty: row.difficulty, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
                         skills: skills[row.id] ?? [], prerequisites: prerequisites[row.id] ?? [])
        }
    }
}
