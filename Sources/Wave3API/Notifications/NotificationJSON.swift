import Foundation
import Storage

/// The API and WebSocket shapes of notifications (API.md).
enum NotificationJSON {
    struct Item: Codable, Sendable {
        let id: String
        let type: String
        let title: String
        let body: String
        let priority: Int
        let createdAt: String
        let readAt: String?

        init(_ record: NotificationRecord) {
            id = record.id
            type = record.type
            title = record.title
            body = record.body
            priority = record.priority
            createdAt = ISO8601.string(fromMillis: record.createdAt)
            readAt = record.readAt.map(ISO8601.string(fromMillis:))
        }
    }

    struct SocketNotification: Encodable {
        let type = "notification"
        let notification: Item
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// What a socket receives for a new notification.
    static let render: NotificationRepository.Render = { record in
        String(decoding: try encoder.encode(SocketNotification(notification: Item(record))), as: UTF8.self)
    }

    static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
