import Foundation
import SQLKit

/// What the progress write path adds to its transaction for notifications (issue 12): one
/// analytics message per request that stored events. The worker derives daily aggregates, badges
/// and leaderboard changes from it, off the request path.
public enum ProgressNotifications {
    public static func recorded(userId: String, events: [ProgressEvent], subjects: [String: String], accepted: Int, now: Int64,
                                on sql: any SQLDatabase) async throws {
        guard accepted > 0 else { return }
        let completed = Set(events.filter { $0.type == "lesson_completed" }.compactMap { subjects[$0.lessonId] }).sorted()
        let message = AnalyticsMessage(id: UUID().uuidString.lowercased(), userId: userId, day: MessageJSON.day(millis: now),
                                       completedSubjects: completed, xpEvents: accepted)
        try await Outbox.enqueue(analytics: message, on: sql)
    }
}
