import Foundation
import SQLKit

/// What the progress write path adds to its transaction for notifications (issue 12): one
/// analytics message per request that stored events. The worker derives daily aggregates, badges
/// and leaderboard changes from it, off the request path.
public enum ProgressNotifications {
    /// The message a request that stored `accepted` events queues; nil when it stored none.
    public static func message(userId: String, events: [ProgressEvent], subjects: [String: String], accepted: Int, now: Int64) -> AnalyticsMessage? {
        guard accepted > 0 else { return nil }
        let completed = Set(events.filter { $0.type == "lesson_completed" }.compactMap { subjects[$0.lessonId] }).sorted()
        return AnalyticsMessage(id: UUID().uuidString.lowercased(), userId: userId, day: MessageJSON.day(millis: now),
                                completedSubjects: completed, xpEvents: accepted)
    }

    public static func recorded(userId: String, events: [ProgressEvent], subjects: [String: String], accepted: Int, now: Int64,
                                on sql: any SQLDatabase) async throws {
        guard let message = message(userId: userId, events: events, subjects: subjects, accepted: accepted, now: now) else { return }
        try await Outbox.enqueue(analytics: message, on: sql)
    }
}
