import Foundation
import Hummingbird
import Storage

/// The body of `POST /progress` and its validation: pure, so the fuzz test can drive it with
/// arbitrary bytes (`ProgressFuzzTests`).
enum ProgressInput {
    static let maxEvents = 500
    /// The window `occurredAt` must fall in (docs/api.md): offline clients replay old events, but
    /// nothing before 2000-01-01 is a real event, and one more than five minutes ahead is a clock error.
    static let earliestOccurredAt: Int64 = 946_684_800_000
    static let maxClockSkewMillis: Int64 = 5 * 60_000
    static let maxAnswer = 63
    /// The longest `durationMs` one event may claim; longer is a broken client. What is credited is
    /// bounded further by the server's clock (`ProgressRepository.Durations`).
    static let maxDurationMs: Int64 = 86_400_000

    struct Event: Codable {
        var id: String?
        var type: String
        var lessonId: String
        var itemId: String?
        var skill: String?
        /// Refused when present: the server grades (`answer`), a client's claim is not evidence.
        var correct: Bool?
        var answer: Int?
        /// Refused when present: a completion's score is computed from the server's grades.
        var score: Double?
        var durationMs: Int64?
        var occurredAt: String?
    }

    /// `{events: [...]}`, or one event object on its own.
    struct Submission: Decodable {
        var events: [Event]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.events) {
                events = try container.decode([Event].self, forKey: .events)
            } else {
                events = [try Event(from: decoder)]
            }
        }
        enum CodingKeys: String, CodingKey { case events }
    }

    /// Decodes and validates a body: the events ready to grade and record, or the 4xx to answer.
    static func decode(_ data: Data, now: Int64) throws -> (events: [ProgressEvent], inputs: [Event]) {
        let input: Submission
        do {
            input = try JSONDecoder().decode(Submission.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid_body", Request.describe(error))
        } catch {
            throw APIError.badRequest("invalid_json", "the body is not valid JSON")
        }
        guard (1...maxEvents).contains(input.events.count) else {
            throw APIError.unprocessable("invalid_events", "send 1 to \(maxEvents) events")
        }
        return (try input.events.enumerated().map { try validate($1, index: $0, now: now) }, input.events)
    }

    static func validate(_ event: Event, index: Int, now: Int64) throws -> ProgressEvent {
        func fail(_ code: String, _ message: String) -> APIError { .unprocessable(code, "events[\(index)]: \(message)") }
        guard let type = EventType(rawValue: event.type) else {
            throw fail("invalid_event_type", "type must be one of \(EventType.allCases.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        guard (1...128).contains(event.lessonId.count) else { throw fail("invalid_lesson_id", "lessonId must be 1 to 128 characters") }
        if let id = event.id, !(1...128).contains(id.count) { throw fail("invalid_event_id", "id must be 1 to 128 characters") }
        if let item = event.itemId, !(1...128).contains(item.count) { throw fail("invalid_item_id", "itemId must be 1 to 128 characters") }
        if let skill = event.skill, !(1...64).contains(skill.count) { throw fail("invalid_skill", "skill must be 1 to 64 characters") }
        if event.score != nil {
            throw fail("score_not_accepted", "'score' is computed by the server from the lesson's graded quiz attempts: leave it out")
        }
        if let duration = event.durationMs, !(0...maxDurationMs).contains(duration) {
            throw fail("invalid_duration", "durationMs must be from 0 to \(maxDurationMs) (one day)")
        }
        if event.correct != nil {
            throw fail("correct_not_accepted", "'correct' is decided by the server: send the chosen 'answer' of a quiz item instead")
        }
        if let answer = event.answer, !(0...maxAnswer).contains(answer) { throw fail("invalid_answer", "answer must be a choice index from 0 to \(maxAnswer)") }
        if type == .quizAttempt {
            guard event.itemId != nil else { throw fail("missing_item_id", "quiz_attempt needs the 'itemId' of a quiz item") }
            guard event.answer != nil else { throw fail("missing_answer", "quiz_attempt needs 'answer', the index of the chosen choice") }
        } else if event.answer != nil {
            throw fail("unexpected_answer", "'answer' belongs to quiz_attempt events only")
        }
        if type == .timeSpent, event.durationMs == nil { throw fail("missing_duration", "time_spent needs 'durationMs'") }
        var occurredAt = now
        if let text = event.occurredAt {
            guard let millis = ISO8601.millis(from: text) else { throw fail("invalid_occurred_at", "occurredAt must be an ISO 8601 timestamp") }
            guard millis >= earliestOccurredAt, millis <= now + maxClockSkewMillis else {
                throw fail("invalid_occurred_at", "occurredAt must be from 2000-01-01T00:00:00Z to 5 minutes from now")
            }
            occurredAt = millis
        }
        return ProgressEvent(clientEventId: event.id, type: type, lessonId: event.lessonId, itemId: event.itemId,
                                skillId: type == .quizAttempt ? nil : event.skill, durationMs: event.durationMs,
                                occurredAt: occurredAt, answer: event.answer)
    }
}
