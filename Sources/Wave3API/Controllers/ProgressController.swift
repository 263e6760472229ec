import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LearningCore
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

    static let keyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("progress", use: record)
        group.get("learners/:id/progress", use: learnerProgress)
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let key = request.headers[Self.keyHeader]?.trimmingCharacters(in: .whitespaces), (1...255).contains(key.count) else {
            throw APIError.badRequest("missing_idempotency_key", "send an Idempotency-Key header (1 to 255 characters) so retries are counted once")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodySize)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "request body exceeds \(maxBodySize) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("empty_body", "a JSON body is required") }
        let (decoded, inputs) = try ProgressInput.decode(Data(buffer: buffer), now: Timestamp.nowMillis())
        let events = try await grade(decoded)
        let outcome = try await progress.record(userId: identity.userId, key: key, requestHash: Self.fingerprint(inputs), events: events) { receipt in
            let data = (try? JSONEncoder().encode(receipt)) ?? Data()
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
    static func fingerprint(_ events: [ProgressInput.Event]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(events)) ?? Data()
        return Hex.encode(SHA256.hash(data: data))
    }

    /// Grades each quiz attempt against its item: the grade and the skill are the server's.
    func grade(_ events: [ProgressEvent]) async throws -> [ProgressEvent] {
        let itemIds = Set(events.filter { $0.eventType == .quizAttempt }.compactMap(\.itemId))
        guard !itemIds.isEmpty else { return events }
        let grader = QuizGrader(keys: try await lessons.quizItems(ids: Array(itemIds)).map(QuizResponse.key))
        return try events.enumerated().map { index, event in
            guard event.eventType == .quizAttempt, let item = event.itemId, let answer = event.answer else { return event }
            func fail(_ code: String, _ message: String) -> APIError { .unprocessable(code, "events[\(index)]: \(message)") }
            switch grader.grade(itemId: item, lessonId: event.lessonId, answer: answer) {
            case .graded(let correct, let skillId):
                var graded = event
                graded.correct = correct
                graded.skillId = skillId
                return graded
            case .unknownItem: throw fail("unknown_quiz_item", "quiz item '\(item)' does not exist")
            case .wrongLesson(let actual): throw fail("item_not_in_lesson", "quiz item '\(item)' belongs to lesson '\(actual)'")
            case .answerOutOfRange(let count): throw fail("invalid_answer", "answer must be from 0 to \(count - 1) for quiz item '\(item)'")
            }
        }
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
