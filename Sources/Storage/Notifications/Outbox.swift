import Foundation
import SQLKit

/// The transactional outbox: `enqueue` runs on the caller's transaction, so a message exists if
/// and only if the change that caused it committed. Relays `claim` pending rows under a lease
/// (several replicas can relay one table), publish them, and `markSent`.
public enum Outbox {
    public struct Row: Sendable, Decodable {
        public let id: String
        public let kind: String
        public let exchange: String
        public let routingKey: String
        public let body: String
        public let priority: Int
        public let createdAt: Int64
        public let attempts: Int
    }

    public static func enqueue(id: String = UUID().uuidString.lowercased(), kind: OutboxKind, exchange: String, routingKey: String,
                               body: String, priority: Int = 0, availableAt: Int64? = nil, on sql: any SQLDatabase) async throws {
        let now = Timestamp.nowMillis()
        try await sql.insert(into: "outbox")
            .columns("id", "kind", "exchange", "routing_key", "body", "priority", "created_at", "available_at")
            .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(exchange), SQLBind(routingKey), SQLBind(body), SQLBind(priority),
                    SQLBind(now), SQLBind(availableAt ?? now))
            .ignoringConflicts(with: ["id"])
            .run()
    }

    public static func enqueue(push: PushEnvelope, priority: Int = 0, on sql: any SQLDatabase) async throws {
        let exchange = push.learnerIds == nil ? MessageRoutes.websocketBroadcast : MessageRoutes.userNotifications
        try await enqueue(id: push.id, kind: .push, exchange: exchange, routingKey: MessageRoutes.deliverKey,
                          body: try MessageJSON.encode(push), priority: priority, on: sql)
    }

    public static func enqueue(task: TaskMessage, on sql: any SQLDatabase) async throws {
        try await enqueue(id: task.id, kind: .task, exchange: "", routingKey: MessageRoutes.asyncTasks, body: try MessageJSON.encode(task), on: sql)
    }

    public static func enqueue(analytics: AnalyticsMessage, on sql: any SQLDatabase) async throws {
        try await enqueue(id: analytics.id, kind: .analytics, exchange: "", routingKey: MessageRoutes.analyticsEvents,
                          body: try MessageJSON.encode(analytics), on: sql)
    }

    /// Takes up to `limit` pending rows whose lease is free for `leaseMillis`, oldest first.
    /// The UPDATE re-checks the lease per row, so two relays never both hold a row (PostgreSQL
    /// re-evaluates the WHERE of a row another transaction changed; SQLite serialises writers).
    public static func claim(_ database: Database, limit: Int, leaseMillis: Int64 = 30_000, kinds: [OutboxKind]? = nil) async throws -> [Row] {
        let token = UUID().uuidString.lowercased()
        let now = Timestamp.nowMillis()
        let kindFilter = (kinds ?? [.push, .task, .analytics]).map { "'\($0.rawValue)'" }.joined(separator: ",")
        try await database.sql.raw("""
            UPDATE outbox SET claimed_by = \(bind: token), claimed_until = \(bind: now + leaseMillis)
            WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND status = 'pending' AND available_at <= \(bind: now)
                         AND kind IN (\(unsafeRaw: kindFilter))
                         AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                         ORDER BY created_at, id LIMIT \(bind: limit))
              AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < \(bind: now))
            """).run()
        return try await database.sql.select().columns("id", "kind", "exchange", "routing_key", "body", "priority", "created_at", "attempts")
            .from("outbox").where("claimed_by", .equal, token).where("sent_at", .is, SQLLiteral.null)
            .orderBy("created_at").orderBy("id")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public static func markSent(_ ids: [String], on sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            try await sql.update("outbox").set("sent_at", to: Timestamp.nowMillis()).set("status", to: "sent")
                .where("id", .in, chunk).run()
        }
    }

    /// Gives a claimed task back for another try at `availableAt` (the embedded twin's back-off).
    public static func retry(_ id: String, attempts: Int, availableAt: Int64, error: String, on sql: any SQLDatabase) async throws {
        try await sql.update("outbox").set("attempts", to: attempts).set("available_at", to: availableAt)
            .set("claimed_by", to: SQLLiteral.null).set("claimed_until", to: SQLLiteral.null).set("last_error", to: String(error.prefix(500)))
            .where("id", .equal, id).run()
    }

    /// The embedded twin's dead-letter queue: the row is closed and kept in `dead_tasks`.
    public static func deadLetter(_ row: Row, attempts: Int, error: String, on sql: any SQLDatabase) async throws {
        try await deadLetter(id: row.id, body: row.body, attempts: attempts, error: error, on: sql)
    }

    public static func deadLetter(id: String, body: String, attempts: Int, error: String, on sql: any SQLDatabase) async throws {
        try await sql.update("outbox").set("status", to: "dead").set("sent_at", to: Timestamp.nowMillis())
            .set("attempts", to: attempts).set("last_error", to: String(error.prefix(500)))
            .where("id", .equal, id).run()
        try await sql.insert(into: "dead_tasks").columns("id", "body", "attempts", "error", "failed_at")
            .values(SQLBind(id), SQLBind(body), SQLBind(attempts), SQLBind(String(error.prefix(500))), SQLBind(Timestamp.nowMillis()))
            .ignoringConflicts(with: ["id"]).run()
    }

    /// Push rows created at or after `since`, oldest first: what a replica tails in the embedded
    /// twin, and replays to its sockets after a broker outage. `after` is the last row of the
    /// previous page: paging by (created_at, id) rather than by created_at alone, because a burst
    /// puts thousands of rows in one millisecond-second window and a time-only cursor can then
    /// neither move past them nor skip them.
    public static func pushes(since: Int64, after: (createdAt: Int64, id: String)? = nil, limit: Int,
                              on sql: any SQLDatabase) async throws -> [Row] {
        var query = sql.select().columns("id", "kind", "exchange", "routing_key", "body", "priority", "created_at", "attempts")
            .from("outbox").where("kind", .equal, OutboxKind.push.rawValue).where("created_at", .greaterThanOrEqual, since)
        if let after {
            query = query.where { group in
                group.where("created_at", .greaterThan, after.createdAt)
                    .orWhere { $0.where("created_at", .equal, after.createdAt).where("id", .greaterThan, after.id) }
            }
        }
        return try await query.orderBy("created_at").orderBy("id").limit(limit)
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Drops rows sent more than `olderThanMillis` ago.
    public static func prune(olderThanMillis: Int64, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "outbox").where("sent_at", .lessThan, Timestamp.nowMillis() - olderThanMillis).run()
    }

    /// Records that `consumer` applied `messageId`; false when it already had (a duplicate).
    public static func firstDelivery(consumer: String, messageId: String, on sql: any SQLDatabase) async throws -> Bool {
        let existing = try await sql.select().column("message_id").from("processed_messages")
            .where("consumer", .equal, consumer).where("message_id", .equal, messageId).first()
        guard existing == nil else { return false }
        try await sql.insert(into: "processed_messages").columns("consumer", "message_id", "processed_at")
            .values(SQLBind(consumer), SQLBind(messageId), SQLBind(Timestamp.nowMillis())).run()
        return true
    }
}

extension Outbox {
    /// Frees claimed rows that could not be published, for the next relay pass.
    public static func release(_ ids: [String], on sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await sql.update("outbox").set("claimed_by", to: SQLLiteral.null).set("claimed_until", to: SQLLiteral.null)
            .where("id", .in, ids).where("sent_at", .is, SQLLiteral.null).run()
    }
}
