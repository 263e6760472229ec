import Foundation
import Hummingbird
import SQLKit
import Storage

/// `/notifications`, `/admin/notifications`, `/admin/analytics/daily` and the non-upgraded `/ws`
/// (API.md; docs/notifications.md).
struct NotificationController {
    let repository: NotificationRepository
    let database: Database
    let auth: AuthService
    let runtime: NotificationRuntime
    let maxBodySize: Int

    static let maxLimit = 100
    static let maxTitle = 200
    static let maxBody = 2000
    static let maxLearners = 10_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("notifications", use: list)
        group.get("notifications/unread-count", use: unreadCount)
        group.post("notifications/:id/read", use: markRead)
        group.post("admin/notifications", use: broadcast)
        group.get("admin/analytics/daily", use: dailyAnalytics)
        group.get("ws", use: socketWithoutUpgrade)
    }

    struct Page: ResponseEncodable {
        let items: [NotificationJSON.Item]
        let nextCursor: String?

        private enum CodingKeys: String, CodingKey { case items, nextCursor }

        /// `nextCursor` and each item's `readAt` are required in the schema: an absent value is
        /// `null` rather than left out (schemathesis found unread items without `readAt`).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(items.map(Listed.init), forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }

        private struct Listed: Encodable {
            let item: NotificationJSON.Item
            private enum CodingKeys: String, CodingKey { case id, type, title, body, priority, createdAt, readAt }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(item.id, forKey: .id)
                try container.encode(item.type, forKey: .type)
                try container.encode(item.title, forKey: .title)
                try container.encode(item.body, forKey: .body)
                try container.encode(item.priority, forKey: .priority)
                try container.encode(item.createdAt, forKey: .createdAt)
                try container.encode(item.readAt, forKey: .readAt)
            }
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let limit = try request.intQuery("limit", default: 20, range: 1...Self.maxLimit)
        let unread: Bool
        switch request.rawQuery("unread") {
        case nil, "false": unread = false
        case "true": unread = true
        default: throw APIError.badRequest("invalid_unread", "'unread' must be true or false")
        }
        var after: (createdAt: Int64, id: String)?
        if let cursor = request.stringQuery("cursor") {
            let text = try Cursor.decode(cursor)
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let createdAt = Int64(parts[0]) else {
                throw APIError.badRequest("invalid_cursor", "cursor is not one this API issued")
            }
            after = (createdAt, String(parts[1]))
        }
        let records = try await repository.list(userId: identity.userId, unreadOnly: unread, limit: limit + 1, after: after)
        let page = records.prefix(limit)
        let next = records.count > limit ? page.last.map { Cursor.encode(lastId: "\($0.createdAt):\($0.id)") } : nil
        return Page(items: page.map(NotificationJSON.Item.init), nextCursor: next)
    }

    struct Count: ResponseEncodable { let count: Int }

    @Sendable func unreadCount(_ request: Request, context: AppRequestContext) async throws -> Count {
        Count(count: try await repository.unreadCount(userId: try context.requireIdentity().userId))
    }

    /// Idempotent: reading twice keeps the first read time and answers 204 both times.
    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id")
        guard id.count <= 200, try await repository.markRead(userId: identity.userId, id: id) else { throw APIError.notFound("notification '\(id)'") }
        return Response(status: .noContent)
    }

    struct BroadcastInput: Decodable {
        let learnerIds: [String]?
        let type: String
        let title: String
        let body: String
        let priority: Int?
    }

    struct Accepted: ResponseEncodable { let broadcastId: String; let status = "queued" }

    /// 202: the request only writes one task into the outbox; the worker fans it out.
    @Sendable func broadcast(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Accepted> {
        _ = try context.requireAdmin()
        let (input, _) = try await request.decodeJSON(BroadcastInput.self, context: context, limit: maxBodySize)
        let type = input.type
        guard TextRule.isASCIIWord(type, length: 1...40) else {
            throw APIError.unprocessable("invalid_type", "type must be 1 to 40 ASCII letters, digits, '_' or '-'")
        }
        guard (1...Self.maxTitle).contains(TextRule.length(input.title)) else { throw APIError.unprocessable("invalid_title", "title must be 1 to \(Self.maxTitle) characters") }
        guard (1...Self.maxBody).contains(TextRule.length(input.body)) else { throw APIError.unprocessable("invalid_body", "body must be 1 to \(Self.maxBody) characters") }
        let priority = input.priority ?? 0
        guard (0...BrokerTopology.maxPriority).contains(priority) else {
            throw APIError.unprocessable("invalid_priority", "priority must be from 0 to \(BrokerTopology.maxPriority)")
        }
        var learners: [String] = []
        if let ids = input.learnerIds {
            guard (1...Self.maxLearners).contains(ids.count) else {
                throw APIError.unprocessable("invalid_learner_ids", "learnerIds must list 1 to \(Self.maxLearners) learners, or be left out for everyone")
            }
            learners = Array(Set(ids))
            let known = try await database.sql.select().column("id").from("users").where("id", .in, learners).all().count
            guard known == learners.count else { throw APIError.unprocessable("unknown_learner", "learnerIds names a learner that does not exist") }
        }
        let id = UUID().uuidString.lowercased()
        var args = ["broadcastId": id, "type": type, "title": input.title, "body": input.body, "priority": String(priority)]
        if !learners.isEmpty { args["learnerIds"] = learners.sorted().joined(separator: ",") }
        let task = TaskMessage(id: "broadcast:\(id)", task: "broadcast", args: args)
        try await database.transaction { sql in try await Outbox.enqueue(task: task, on: sql) }
        runtime.outboxWritten()
        return EditedResponse(status: .accepted, response: Accepted(broadcastId: id))
    }

    struct DailyRow: Encodable {
        let day: String
        let activeLearners: Int
        let completions: [String: Int]
    }

    struct Daily: ResponseEncodable { let days: [DailyRow] }

    /// Daily active learners and completions per subject, as the worker aggregated them.
    @Sendable func dailyAnalytics(_ request: Request, context: AppRequestContext) async throws -> Daily {
        _ = try context.requireAdmin()
        let days = try request.intQuery("days", default: 7, range: 1...366)
        let first = MessageJSON.day(millis: Timestamp.nowMillis() - Int64(days - 1) * 86_400_000)
        var active: [String: Int] = [:]
        for row in try await database.sql.raw("SELECT day, COUNT(*) AS n FROM analytics_daily_active WHERE day >= \(bind: first) GROUP BY day").all() {
            active[try row.decode(column: "day", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        var completions: [String: [String: Int]] = [:]
        for row in try await database.sql.raw("SELECT day, subject_id, completions FROM analytics_daily_completions WHERE day >= \(bind: first)").all() {
            completions[try row.decode(column: "day", as: String.self), default: [:]][try row.decode(column: "subject_id", as: String.self)] =
                try row.decode(column: "completions", as: Int.self)
        }
        let all = Set(active.keys).union(completions.keys).sorted()
        return Daily(days: all.map { DailyRow(day: $0, activeLearners: active[$0] ?? 0, completions: completions[$0] ?? [:]) })
    }

    /// Reached only when the upgrade was refused: no or a bad token → 401; a good token on a
    /// plain GET → 426.
    @Sendable func socketWithoutUpgrade(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = request.stringQuery("token"), await auth.identity(fromToken: token) != nil else {
            throw APIError(.unauthorized, "unauthorized", "a valid token query parameter is required to open the socket")
        }
        throw APIError(.upgradeRequired, "upgrade_required", "this endpoint speaks WebSocket only")
    }
}
