import Foundation

/// What travels through the outbox and the broker (docs/notifications.md). Every message carries
/// its own id, which is also the AMQP message id, so consumers can drop duplicates.

/// For the sockets of the learners named (everyone when `learnerIds` is nil): `message` is the
/// JSON text sent on the WebSocket as it is.
public struct PushEnvelope: Codable, Sendable, Equatable {
    public var id: String
    public var learnerIds: [String]?
    public var message: String

    public init(id: String, learnerIds: [String]?, message: String) {
        self.id = id
        self.learnerIds = learnerIds
        self.message = message
    }
}

/// A unit of background work for `async_tasks`.
public struct TaskMessage: Codable, Sendable, Equatable {
    public var id: String
    public var task: String
    public var args: [String: String]
    /// 1 on the first try; a retry is republished with the next number.
    public var attempt: Int

    public init(id: String, task: String, args: [String: String], attempt: Int = 1) {
        self.id = id
        self.task = task
        self.args = args
        self.attempt = attempt
    }
}

/// One recorded progress request, for `analytics_events` (daily aggregates, badges, leaderboard).
public struct AnalyticsMessage: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    /// UTC day, `YYYY-MM-DD`.
    public var day: String
    public var completedSubjects: [String]
    public var xpEvents: Int

    public init(id: String, userId: String, day: String, completedSubjects: [String], xpEvents: Int) {
        self.id = id
        self.userId = userId
        self.day = day
        self.completedSubjects = completedSubjects
        self.xpEvents = xpEvents
    }
}

/// Exchange and queue names of the topology (declared by Wave3API's `BrokerTopology`).
public enum MessageRoutes {
    public static let userNotifications = "user_notifications"
    public static let websocketBroadcast = "websocket_broadcast"
    public static let asyncTasks = "async_tasks"
    public static let analyticsEvents = "analytics_events"
    /// Routing key of per-learner pushes on the direct exchange; every replica queue binds it.
    public static let deliverKey = "deliver"
}

public enum OutboxKind: String, Sendable { case push, task, analytics }

public enum MessageJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    public static func day(millis: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}

extension MessageJSON {
    /// Midnight UTC of a `YYYY-MM-DD` day, in epoch milliseconds.
    public static func dayStartMillis(_ day: String) -> Int64? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return Int64(date.timeIntervalSince1970 * 1000)
    }
}
