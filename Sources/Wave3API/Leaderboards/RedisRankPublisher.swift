import Foundation
import Redis
import Storage

/// Publishes rank changes as JSON on a Redis channel, for the notification feature to consume
/// (docs/redis.md); a lost publish is a lost notification, never lost XP.
struct RedisRankPublisher: LeaderboardRankObserver {
    let client: RedisClient
    /// `{namespace}leaderboard:rank-changes`, `wave3:leaderboard:rank-changes` by default.
    let channel: String

    func rankChanged(_ change: LeaderboardRankChange) async {
        guard let data = try? JSONEncoder().encode(change) else { return }
        _ = try? await client.command("PUBLISH", channel, String(decoding: data, as: UTF8.self))
    }
}
