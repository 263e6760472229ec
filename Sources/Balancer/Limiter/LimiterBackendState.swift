/// Where the limiter's decisions are reconciled, for `/stats` and `/metrics`.
public enum LimiterBackendState: Sendable, Equatable {
    /// No `BALANCER_REDIS_URL`: this replica's limits are its own.
    case local
    /// The last sync reached Redis: the limit is shared with every replica using the same Redis.
    case redis
    /// Redis is configured but the last sync failed (or none succeeded yet): limits are enforced
    /// locally, per replica, until a sync succeeds again.
    case localFallback(reason: String)

    /// The `state` label of `balancer_limiter_backend`.
    public var label: String {
        switch self {
        case .local: "local"
        case .redis: "redis"
        case .localFallback: "local_fallback"
        }
    }

    public static let labels = ["local", "redis", "local_fallback"]
}

/// The limiter backend as `/stats` shows it.
public struct LimiterBackendView: Codable, Sendable, Equatable {
    public var state: String
    /// Why the balancer is on local limits, when it fell back.
    public var reason: String?
    public var syncs: Int
    public var failedSyncs: Int
    /// Time since the last successful sync, nil before the first one or without Redis.
    public var lastSyncAgoMs: Double?
    public var syncIntervalMs: Double?
}
