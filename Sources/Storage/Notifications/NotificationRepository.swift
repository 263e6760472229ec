import Foundation
import SQLKit

/// Notifications of learners. `create` writes the row and its push message in the caller's
/// transaction (the outbox pattern): a notification is delivered if and only if it is stored.
public struct NotificationRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Builds the WebSocket text of a notification (`{"type": "notification", "notification": …}`).
    public typealias Render = @Sendable (NotificationRecord) throws -> String

    /// Inserts the notification and its push in `sql`'s transaction; false when a notification
    /// with this id exists already (nothing is written then).
    @discardableResult
    public static func create(_ new: NewNotification, render: Render, on sql: any SQLDatabase) async throws -> Bool {
        let now = Timestamp.nowMillis()
        if try await sql.select().column("id").from("notifications").where("id", .equal, new.id).first() != nil { return false }
        try await sql.insert(into: "notifications")
            .columns("id", "user_id", "type", "title", "body", "priority", "created_at")
            .values(SQLBind(new.id), SQLBind(new.userId), SQLBind(new.type), SQLBind(new.title), SQLBind(new.body), SQLBind(new.priority), SQLBind(now))
            .run()
        let record = NotificationRecord(id: new.id, userId: new.userId, type: new.type, title: new.title, body: new.body,
                                        priority: new.priority, createdAt: now, readAt: nil)
        try await Outbox.enqueue(push: PushEnvelope(id: new.id, learnerIds: [new.userId], message: try render(record)), priority: new.priority, on: sql)
        return true
    }

    /// Newest first; the cursor is the (createdAt, id) of the last item of the previous page.
    public func list(userId: String, unreadOnly: Bool, limit: Int, after cursor: (createdAt: Int64, id: String)?) async throws -> [NotificationRecord] {
        var query = database.sql.select().column("*").from("notifications").where("user_id", .equal, userId)
        if unreadOnly { query = query.where("read_at", .is, SQLLiteral.null) }
        if let cursor {
            query = query.where { group in
                group.where("created_at", .lessThan, cursor.createdAt)
                    .orWhere { inner in inner.where("created_at", .equal, cursor.createdAt).where("id", .lessThan, cursor.id) }
            }
        }
        return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit)
            .all(decoding: NotificationRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func get(userId: String, id: String) async throws -> NotificationRecord? {
        try await database.sql.select().column("*").from("notifications").where("id", .equal, id).where("user_id", .equal, userId)
            .first(decoding: NotificationRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Marks read once (the first time stays); false when the learner has no such notification.
    public func markRead(userId: String, id: String) async throws -> Bool {
        try await database.sql.update("notifications").set("read_at", to: Timestamp.nowMillis())
            .where("id", .equal, id).where("user_id", .equal, userId).where("read_at", .is, SQLLiteral.null).run()
        return try await get(userId: userId, id: id) != nil
    }

    public func unreadCount(userId: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userId) AND read_at IS NULL").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    public func count(userId: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userId)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
