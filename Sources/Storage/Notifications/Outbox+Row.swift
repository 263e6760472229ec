import Foundation
import SQLKit

extension Outbox {
    /// The columns of a queued message row, in the order of `rowValues`.
    public static let rowColumns = "id, kind, exchange, routing_key, body, priority, created_at, available_at"

    /// One analytics message as a row's values, for a writer that folds the enqueue into a larger
    /// statement (the progress write on PostgreSQL); `enqueue(analytics:on:)` queues the same row.
    public static func rowValues(analytics message: AnalyticsMessage) throws -> [any Encodable & Sendable] {
        let now = Timestamp.nowMillis()
        return [message.id, OutboxKind.analytics.rawValue, "", MessageRoutes.analyticsEvents, try MessageJSON.encode(message), 0, now, now]
    }
}
