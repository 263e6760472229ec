import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// `POST /progress` (single event or a batch, under an `Idempotency-Key`) and
/// `GET /learners/{id}/progress`.
struct ProgressController {
    let progress: ProgressRepository
    let lessons: LessonRepository
    let users: UserRepository
    let maxBodySize: Int
    /// Told after a commit that booked XP (issue 11).
    var leaderboards: (any LeaderboardStore)? = nil

    static let eventTypes: Set<String> = ["lesson_started", "lesson_completed", "quiz_attempt", "time_spent", "video_view", "help_request", "practice_problem"]
    static let maxEvents = 500
    static let keyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    struct EventInput: Codable {
        var id: String?
        var type: String
        var lessonId: String
        var itemId: String?
        var skill: String?
        var correct: Bool?
        var score: Double?
        var durationMs: Int64?
        var occurredAt: String?
    }

    /// `{events: [...]}`, or one event object on its own.
    struct SubmissionInput: Decodable {
        var events: [EventInput]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.events) {
                events = try container.decode([EventInput].self, forKey: .events)
            } else {
                events = [try EventInput(from: decoder)]
            }
        }
        enum CodingKeys: String, CodingKey { case events }
    }

    struct Acknowledgement: Codable { let accepted: Int; let duplicates: Int }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("progress", use: record)
        group.get("learners/:id/progress", use: learnerProgress)
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let key = request.headers[Self.keyHeader]?.trimmingCharacters(in: .whitespaces), (1...255).contains(key.count) else {
            throw APIError.badRequest("missing_idempotency_key", "send an Idempotency-Key header (1 to 255 characters) so retries are counted once")
        }
        let (input, _) = try await request.decodeJSON(SubmissionInput.self, context: context, limit: maxBodySize)
        guard (1...Self.maxEvents).contains(input.events.count) else {
            throw APIError.unprocessable("invalid_events", "send 1 to \(Self.maxEvents) events")
        }
        let now = Timestamp.nowMillis()
        var events: [NewProgressEvent] = []
        for (index, event) in input.events.enumerated() {
            events.append(try Self.validate(event, index: index, now: now))
        }
        let outcome = try await progress.record(userId: identity.userId, key: key, requestHash: Self.fingerprint(input.events), events: events) { accepted, duplicates in
            let data = (try? JSONEncoder().encode(Acknowledgement(accepted: accepted, duplicates: duplicates))) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        switch outcome {
        case .recorded(let accepted, _, let body):
            if accepted > 0 { await leaderboards?.awarded(userId: identity.userId) }
            return Self.json(body, status: .ok)
        case .replayed(let status, let body):
            var response = Self.json(body, status: HTTPResponse.Status(code: status))
            response.headers[Self.replayedHeader] = "true"
            return response
        case .keyReused:
            throw APIError.unprocessable("idempotency_key_reused", "this Idempotency-Key was already used with a different request")
        case .unknownLesson(let lessonId):
            throw APIError.unprocessable("unknown_lesson", "lesson '\(lessonId)' does not exist")
        }
    }

    static func json(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A fingerprint of the request's meaning, not its bytes: key order and whitespace don't matter.
    static func fingerprint(_ events: [EventInput]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(events)) ?? Data()
        return Hex.encode(SHA256.hash(data: data))
    }

    static func validate(_ event: EventInput, index: Int, now: Int64) throws -> NewProgressEvent {
        func fail(_ code: String, _ message: String) -> APIError { .unprocessable(code, "events[\(index)]: \(message)") }
        guard eventTypes.contains(event.type) else {
            throw fail("invalid_event_type", "type must be one of \(eventTypes.sorted().joined(separator: ", "))")
        }
        guard (1...128).contains(event.lessonId.count) else { throw fail("invalid_lesson_id", "lessonId is required") }
        if let id = event.id, !(1...128).contains(id.count) { throw fail("invalid_event_id", "id must be 1 to 128 characters") }
        if let item = event.itemId, !(1...128).contains(item.count) { throw fail("invalid_item_id", "itemId must be 1 to 128 characters") }
        if let skill = event.skill, !(1...64).contains(skill.count) { throw fail("invalid_skill", "skill must be 1 to 64 characters") }
        if let score = event.score, !(score.isFinite && (0...100).contains(score)) { throw fail("invalid_score", "score must be from 0 to 100") }
        if let duration = event.durationMs, !(0...86_400_000).contains(duration) {
            throw fail("invalid_duration", "durationMs must be from 0 to 86400000 (one day)")
        }
        if event.type == "quiz_attempt" || event.type == "practice_problem", event.correct == nil {
            throw fail("missing_correct", "\(event.type) needs 'correct'")
        }
        if event.type == "time_spent", event.durationMs == nil { throw fail("missing_duration", "time_spent needs 'durationMs'") }
        var occurredAt = now
        if let text = event.occurredAt {
            guard let millis = ISO8601.millis(from: text) else { throw fail("invalid_occurred_at", "occurredAt must be an ISO 8601 timestamp") }
            // Offline clients replay old events; an event from the future is a clock error.
            guard millis <= now + 5 * 60_000 else { throw fail("invalid_occurred_at", "occurredAt is in the future") }
            occurredAt = millis
        }
        return NewProgressEvent(clientEventId: event.id, type: event.type, lessonId: event.lessonId, itemId: event.itemId, skillId: event.skill,
                                correct: event.correct, score: event.score, durationMs: event.durationMs, occurredAt: occurredAt)
    }

    struct LessonProgressResponse: Encodable { let lessonId: String; let status: String; let score: Double?; let timeSpentMs: Int64; let updatedAt: String }
    struct ProgressResponse: ResponseEncodable { let lessons: [LessonProgressResponse]; let xp: Int }

    @Sendable func learnerProgress(_ request: Request, context: AppRequestContext) async throws -> ProgressResponse {
        let learnerId = try context.parameters.require("id")
        _ = try context.requireSelfOrAdmin(learnerId)
        guard try await users.find(id: learnerId) != nil else { throw APIError.notFound("learner '\(learnerId)'") }
        let rows = try await progress.lessonProgress(userId: learnerId)
        return ProgressResponse(
            lessons: rows.map { LessonProgressResponse(lessonId: $0.lessonId, status: $0.status, score: $0.score, timeSpentMs: $0.timeSpentMs,
                                                       updatedAt: ISO8601.string(fromMillis: $0.updatedAt)) },
            xp: try await progress.xp(userId: learnerId))
    }
}
