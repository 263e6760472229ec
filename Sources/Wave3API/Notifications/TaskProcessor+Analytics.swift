import Foundation
import LearningCore
import SQLKit
import Storage

/// `analytics_events`: daily aggregates, badges, and the top-10 board's rank changes. All counts
/// are recomputed from the tables (server time `recorded_at`, never a client's clock), so applying
/// a message twice gives the same rows; the message id is still recorded to skip the work.
extension TaskProcessor {
    static let analyticsConsumer = "analytics"
    static let boardSize = 10

    func apply(_ message: AnalyticsMessage) async throws {
        guard let dayStart = MessageJSON.dayStartMillis(message.day) else { throw TaskError("bad day '\(message.day)'") }
        let dayEnd = dayStart + 86_400_000
        try await database.transaction { sql in
            guard try await Outbox.firstDelivery(consumer: Self.analyticsConsumer, messageId: message.id, on: sql) else { return }
            try await sql.insert(into: "analytics_daily_active").columns("day", "user_id").values(SQLBind(message.day), SQLBind(message.userId))
                .ignoringConflicts(with: ["day", "user_id"]).run()
            for subject in message.completedSubjects {
                let count = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM progress_events e JOIN lessons l ON l.id = e.lesson_id
                    WHERE e.type = 'lesson_completed' AND l.subject_id = \(bind: subject)
                      AND e.recorded_at >= \(bind: dayStart) AND e.recorded_at < \(bind: dayEnd)
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
                try await sql.raw("""
                    INSERT INTO analytics_daily_completions (day, subject_id, completions) VALUES (\(bind: message.day), \(bind: subject), \(bind: count))
                    ON CONFLICT (day, subject_id) DO UPDATE SET completions = excluded.completions
                    """).run()
            }
            try await awardBadges(userId: message.userId, on: sql)
        }
        try await checkLeaderboard()
        runtime.outboxWritten()
    }

    private func awardBadges(userId: String, on sql: any SQLDatabase) async throws {
        let xp = try await sql.raw("SELECT COALESCE(SUM(amount), 0) AS n FROM xp_ledger WHERE user_id = \(bind: userId)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let lessons = try await sql.raw("SELECT COUNT(*) AS n FROM lesson_progress WHERE user_id = \(bind: userId) AND status = 'completed'")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let days = try await sql.raw("SELECT DISTINCT recorded_at / 86400000 AS d FROM progress_events WHERE user_id = \(bind: userId)").all()
            .map { try $0.decode(column: "d", as: Int64.self) }
        let earned = BadgeRules.earned(xp: xp, lessonsCompleted: lessons, streakDays: BadgeRules.longestStreak(days: days))
        guard !earned.isEmpty else { return }
        let held = Set(try await sql.select().column("badge").from("badges").where("user_id", .equal, userId).all()
            .map { try $0.decode(column: "badge", as: String.self) })
        for badge in earned where !held.contains(badge.id) {
            try await sql.insert(into: "badges").columns("user_id", "badge", "awarded_at")
                .values(SQLBind(userId), SQLBind(badge.id), SQLBind(Timestamp.nowMillis())).run()
            try await NotificationRepository.create(
                NewNotification(id: "badge:\(badge.id):\(userId)", userId: userId, type: "badge", title: "Badge earned: \(badge.title)",
                                body: "You earned the \(badge.title) badge.", priority: 3),
                render: NotificationJSON.render, on: sql)
        }
    }

    /// Compares the all-time XP top 10 with the last one seen: learners who entered or moved are
    /// notified, and every socket gets the new board.
    func checkLeaderboard() async throws {
        struct Entry: Encodable { let rank: Int; let learnerId: String; let displayName: String; let score: Int }
        struct Board: Encodable { let type = "leaderboard"; let board = "all-time"; let entries: [Entry] }
        try await database.transaction { sql in
            let rows = try await sql.raw("""
                SELECT x.user_id, u.display_name, SUM(x.amount) AS xp FROM xp_ledger x JOIN users u ON u.id = x.user_id
                GROUP BY x.user_id, u.display_name ORDER BY xp DESC, x.user_id LIMIT \(bind: Self.boardSize)
                """).all()
            let top = try rows.enumerated().map { index, row in
                Entry(rank: index + 1, learnerId: try row.decode(column: "user_id", as: String.self),
                      displayName: try row.decode(column: "display_name", as: String.self), score: try row.decode(column: "xp", as: Int.self))
            }
            let previous = try await sql.select().columns("rank", "user_id").from("leaderboard_top").orderBy("rank").all()
                .map { try $0.decode(column: "user_id", as: String.self) }
            let changes = LeaderboardDiff.changes(old: previous, new: top.map(\.learnerId))
            guard !changes.isEmpty else { return }
            try await sql.delete(from: "leaderboard_top").run()
            for entry in top {
                try await sql.insert(into: "leaderboard_top").columns("rank", "user_id", "xp")
                    .values(SQLBind(entry.rank), SQLBind(entry.learnerId), SQLBind(entry.score)).run()
            }
            let signature = top.map { "\($0.learnerId)=\($0.rank)" }.joined(separator: ",")
            for change in changes {
                let moved = change.oldRank.map { "from #\($0) to #\(change.newRank)" } ?? "into the top \(Self.boardSize) at #\(change.newRank)"
                try await NotificationRepository.create(
                    NewNotification(id: "rank:\(change.learnerId):\(Self.fnv1a(signature))", userId: change.learnerId, type: "leaderboard",
                                    title: "Leaderboard: #\(change.newRank)", body: "You moved \(moved) on the all-time board."),
                    render: NotificationJSON.render, on: sql)
            }
            try await Outbox.enqueue(push: PushEnvelope(id: "board:\(UUID().uuidString.lowercased())", learnerIds: nil,
                                                        message: try NotificationJSON.text(Board(entries: top))), on: sql)
        }
    }

    /// A stable hash (Swift's `hashValue` differs per process; two workers must agree on ids).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
