import Crypto
import Foundation
import Hummingbird
import LearningCore
import Storage

/// Lessons: public reads with filters, cursor pages and ETags; admin writes that keep the
/// prerequisite graph acyclic.
struct LessonController {
    let lessons: LessonRepository
    /// Encoded responses shared by the replicas (docs/redis.md, "Shared caches").
    let cache: any SharedCache
    /// The active learning models: a lesson's level comes from the difficulty classifier and its
    /// Rasch calibration.
    let models: ModelStore
    let maxBodySize: Int
    /// Recommendations carry lesson titles and follow prerequisites: any lesson write drops them all.
    var recommendationCache: (any SharedCache)? = nil

    static let levels = DifficultyLevel.allCases.map(\.rawValue)

    static let maxPageSize = 100

    /// `^[a-z0-9][a-z0-9._-]{0,63}$`, checked by hand: a `Regex` is not `Sendable`.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, (1...64).contains(id.unicodeScalars.count) else { return false }
        func allowed(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
        return allowed(first) && id.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    struct LessonInput: Decodable {
        let title: String
        let subject: String
        let skills: [String]?
        let prerequisites: [String]?
        let content: String
        let estimatedMinutes: Int
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("lessons", use: list)
        group.get("lessons/:id", use: get)
        group.post("lessons", use: create)
        group.put("lessons/:id", use: update)
        group.delete("lessons/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try request.intQuery("limit", default: 20, range: 1...Self.maxPageSize)
        var filter = LessonFilter(subjectId: request.stringQuery("subject"), skillId: request.stringQuery("skill"),
                                  difficulty: request.rawQuery("difficulty"), limit: limit + 1)
        if let difficulty = filter.difficulty, !Self.levels.contains(difficulty) {
            throw APIError.badRequest("invalid_difficulty", "difficulty must be one of \(Self.levels.joined(separator: ", "))")
        }
        let cursor = request.stringQuery("cursor")
        if let cursor { filter.afterId = try Cursor.decode(cursor) }
        // The catalogue is read far more than it is edited: a page is encoded once per TTL, like a
        // single lesson, and every lesson write (on any replica) drops all cached pages.
        let key = Self.cacheKey(["page", String(limit), filter.subjectId ?? "", filter.skillId ?? "", filter.difficulty ?? "", cursor ?? ""])
        let lessons = self.lessons
        let entry = try await cached(key) {
            let rows = try await lessons.list(filter)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor.encode(lastId: $0.id) } : nil
            let data = try JSONEncoder().encode(LessonPage(items: page.map(LessonSummary.init), nextCursor: next))
            let etag = "\"p-" + Hex.encode(SHA256.hash(data: data).prefix(12)) + "\""
            return CachedResponse(body: ByteBuffer(bytes: data), etag: etag)
        }
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag: entry.etag) {
            return Response(status: .notModified, headers: [.eTag: entry.etag])
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .eTag: entry.etag, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: entry.body))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let lessons = self.lessons
        let entry = try await cached(Self.cacheKey(["lesson", id])) {
            guard let lesson = try await lessons.get(id) else { throw APIError.notFound("lesson '\(id)'") }
            return CachedResponse(body: ByteBuffer(bytes: try JSONEncoder().encode(LessonResponse(lesson))), etag: LessonResponse.etag(lesson))
        }
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag: entry.etag) {
            return Response(status: .notModified, headers: [.eTag: entry.etag])
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .eTag: entry.etag, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: entry.body))
    }

    private func lessonsChanged() async {
        await cache.invalidate(CacheRuntime.allLessons)
        await recommendationCache?.invalidateAll()
    }

    /// Each part prefixed with its length: no query value can make its key equal another query's.
    static func cacheKey(_ parts: [String]) -> String {
        parts.map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// The cached response for `key`, else `produce()`'s, stored for the next reader.
    private func cached(_ key: String, produce: () async throws -> CachedResponse) async throws -> CachedResponse {
        let found = await cache.lookup(CacheRuntime.allLessons, key)
        if let value = found.value, let response = CachedResponse(cacheValue: value) { return response }
        let fresh = try await produce()
        await cache.store(fresh.cacheValue, for: found)
        return fresh
    }

    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let value = candidate.trimmingCharacters(in: .whitespaces)
            return value == "*" || value == etag || value == "W/\(etag)"
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<LessonResponse> {
        _ = try context.requireAdmin()
        let id = UUID().uuidString.lowercased()
        let draft = try await validatedDraft(request, context: context, lessonId: id)
        let lesson = try await lessons.create(id: id, draft: draft) { edges in
            try Self.checkAcyclic(edges: edges, lesson: id, prerequisites: draft.prerequisites)
        }
        await lessonsChanged()
        return EditedResponse(status: .created, headers: [.location: "/api/v1/lessons/\(lesson.id)", .eTag: LessonResponse.etag(lesson)],
                              response: LessonResponse(lesson))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<LessonResponse> {
        _ = try context.requireAdmin()
        let id = try context.parameters.require("id")
        guard try await lessons.get(id) != nil else { throw APIError.notFound("lesson '\(id)'") }
        let draft = try await validatedDraft(request, context: context, lessonId: id)
        let lesson: LessonRecord
        do {
            lesson = try await lessons.update(id: id, draft: draft) { edges in
                try Self.checkAcyclic(edges: edges, lesson: id, prerequisites: draft.prerequisites)
            }
        } catch DatabaseError.notFound {
            throw APIError.notFound("lesson '\(id)'")
        }
        // Pages and lessons that list it as a prerequisite changed too.
        await lessonsChanged()
        return EditedResponse(status: .ok, headers: [.eTag: LessonResponse.etag(lesson)], response: LessonResponse(lesson))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let id = try context.parameters.require("id")
        guard try await lessons.delete(id: id) else { throw APIError.notFound("lesson '\(id)'") }
        // Lessons that listed it as a prerequisite changed too.
        await lessonsChanged()
        return Response(status: .noContent)
    }

    private func validatedDraft(_ request: Request, context: AppRequestContext, lessonId: String) async throws -> LessonDraft {
        let (input, _) = try await request.decodeJSON(LessonInput.self, context: context, limit: maxBodySize)
        // The limit applies to the title as sent (the schema's maxLength); it is stored trimmed.
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard TextRule.isNonBlank(input.title, max: 200) else { throw APIError.unprocessable("invalid_title", "title must be 1 to 200 characters") }
        guard (1...200_000).contains(TextRule.length(input.content)) else {
            throw APIError.unprocessable("invalid_content", "content must be 1 to 200000 characters")
        }
        guard (1...600).contains(input.estimatedMinutes) else {
            throw APIError.unprocessable("invalid_estimated_minutes", "estimatedMinutes must be from 1 to 600")
        }
        let skills = input.skills ?? []
        let prerequisites = input.prerequisites ?? []
        guard skills.count <= 20, skills.allSatisfy(Self.isValidID) else {
            throw APIError.unprocessable("invalid_skills", "skills must be at most 20 ids of lowercase letters, digits, '.', '_' or '-'")
        }
        guard prerequisites.count <= 50, prerequisites.allSatisfy({ (1...64).contains(TextRule.length($0)) }) else {
            throw APIError.unprocessable("invalid_prerequisites", "prerequisites must be at most 50 lesson ids")
        }
        guard try await lessons.subjectExists(input.subject) else {
            throw APIError.unprocessable("unknown_subject", "subject '\(input.subject)' does not exist")
        }
        let existing = try await lessons.exists(prerequisites)
        if let missing = prerequisites.first(where: { !existing.contains($0) }) {
            throw APIError.unprocessable("unknown_prerequisite", "prerequisite lesson '\(missing)' does not exist")
        }
        let graph = PrerequisiteGraph(edges: try await lessons.prerequisiteEdges())
        let depth = prerequisites.map { graph.depth(of: $0) + 1 }.max() ?? 0
        return LessonDraft(subjectId: input.subject, title: title, content: input.content, estimatedMinutes: input.estimatedMinutes,
                           difficulty: models.current.bundle.estimate(lessonId: lessonId, content: input.content, prerequisiteDepth: depth).level.rawValue, skills: skills, prerequisites: prerequisites)
    }

    /// 409 when giving `lesson` these prerequisites would close a cycle.
    static func checkAcyclic(edges: [(lesson: String, prerequisite: String)], lesson: String, prerequisites: [String]) throws {
        var graph = PrerequisiteGraph(edges: edges)
        graph.set(lesson, prerequisites: prerequisites)
        if let cycle = graph.findCycle() {
            throw APIError(.conflict, "prerequisite_cycle", "prerequisites would form a cycle: \(cycle.joined(separator: " → "))")
        }
    }
}
