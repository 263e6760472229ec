/// Where boards are read from and what an XP award tells them. Two implementations pass the same
/// tests: the ledger itself (no Redis configured, or Redis degraded) and Redis sorted sets.
public protocol LeaderboardStore: Sendable {
    func page(_ board: LeaderboardBoard, limit: Int, userId: String, radius: Int) async throws -> LeaderboardPage
    /// Called after a transaction that booked XP for `userId` committed. Never throws: the ledger
    /// already holds the award, a store that misses it repairs itself from the ledger.
    func awarded(userId: String) async
}

/// The hook the notification feature plugs into (docs/redis.md): rank changes into or inside
/// the top 10, as the award that caused them is applied.
public protocol LeaderboardRankObserver: Sendable {
    func rankChanged(_ change: LeaderboardRankChange) async
}

public enum LeaderboardLimits {
    public static let defaultLimit = 10
    public static let maximumLimit = 100
    /// Neighbours on each side of the caller with `around=me`.
    public static let radius = 3
    /// Rank changes at or above this rank are published.
    public static let notifiedTop = 10
}
