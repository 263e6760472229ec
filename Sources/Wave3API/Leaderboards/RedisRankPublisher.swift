import Foundation
import Redis
import Storage

/// Publishes rank changes as JSON on a Redis channel, for the notification feature to consume
/// (docs/redis.md); a lost publish is a lost notification, never lost XP.
struct RedisRankPublisher: LeaderboardRankObserver {
    static let channel = "wave3:leaderboard:rank-changes"
    let client: RedisClient

    func rankChanged(_ change: LeaderboardRankChange) async {
        guard let data = try? JSONEncoder().encode(change) else { return }
        _ = try? await client.command("PUBLISH", Self.channel, String(decoding: data, as: UTF8.self))
    }
}
