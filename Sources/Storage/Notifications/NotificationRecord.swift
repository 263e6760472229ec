/// One row of `notifications`.
public struct NotificationRecord: Sendable, Decodable, Equatable {
    public let id: String
    public let userId: String
    public let type: String
    public let title: String
    public let body: String
    public let priority: Int
    public let createdAt: Int64
    public let readAt: Int64?
}

/// A notification to create; `id` deterministic when the cause may run twice (a redelivered task),
/// so the second run inserts nothing.
public struct NewNotification: Sendable {
    public var id: String
    public var userId: String
    public var type: String
    public var title: String
    public var body: String
    public var priority: Int

    public init(id: String, userId: String, type: String, title: String, body: String, priority: Int = 0) {
        self.id = id
        self.userId = userId
        self.type = type
        self.title = title
        self.body = body
        self.priority = priority
    }
}
