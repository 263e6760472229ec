import SQLKit

/// A `ProgressEvent` as a row of `progress_events`: the event plus what the server added when it
/// stored it. Members of the event read through (`stored.lessonId`).
@dynamicMemberLookup
public struct StoredProgressEvent: Sendable, Equatable {
    public var id: String
    public var userId: String
    public var idempotencyKey: String
    /// The event's index in its request, which orders events of one request.
    public var seq: Int
    /// The server's clock when it stored the event (`occurredAt` is the client's).
    public var recordedAt: Int64
    public var event: ProgressEvent

    public init(id: String, userId: String, idempotencyKey: String, seq: Int, recordedAt: Int64, event: ProgressEvent) {
        self.id = id
        self.userId = userId
        self.idempotencyKey = idempotencyKey
        self.seq = seq
        self.recordedAt = recordedAt
        self.event = event
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<ProgressEvent, T>) -> T { event[keyPath: keyPath] }

    /// The columns `init(row:)` reads, in the table's order.
    static let columns = ["id", "user_id", "idempotency_key", "seq", "client_event_id", "type", "lesson_id", "item_id", "skill_id",
                          "correct", "score", "duration_ms", "occurred_at", "recorded_at", "answer"]

    init(row: any SQLRow) throws {
        func optional<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: T.self)
        }
        self.init(
            id: try row.decode(column: "id", as: String.self),
            userId: try row.decode(column: "user_id", as: String.self),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
            seq: try row.decode(column: "seq", as: Int.self),
            recordedAt: try row.decode(column: "recorded_at", as: Int64.self),
            event: ProgressEvent(
                clientEventId: try optional("client_event_id", String.self),
                type: try row.decode(column: "type", as: String.self),
                lessonId: try row.decode(column: "lesson_id", as: String.self),
                itemId: try optional("item_id", String.self),
                skillId: try optional("skill_id", String.self),
                correct: try optional("correct", Int.self).map { $0 != 0 },
                score: try optional("score", Double.self),
                durationMs: try optional("duration_ms", Int64.self),
                occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                answer: try optional("answer", Int.self)))
    }

    /// The row's values in `columns` order, for an insert.
    var values: [any Encodable & Sendable] {
        [id, userId, idempotencyKey, seq, event.clientEventId, event.type, event.lessonId, event.itemId, event.skillId,
         event.correct.map { $0 ? 1 : 0 }, event.score, event.durationMs, event.occurredAt, recordedAt, event.answer]
    }
}
