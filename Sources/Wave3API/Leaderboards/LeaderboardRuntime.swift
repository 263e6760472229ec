import DatabaseLayer
import Logging
import Redis
import ServiceLifecycle
import Storage

/// The boards a replica serves: Redis with the ledger as fallback when `WAVE3_REDIS_URL` is set,
/// the ledger alone otherwise.
public struct LeaderboardRuntime: Sendable {
    public let store: any LeaderboardStore
    let redis: RedisLeaderboard?
    let names: DisplayNames

    init(database: Database, client: RedisClient?, logger: Logger, namespace: String = "wave3:",
         observer: (any LeaderboardRankObserver)? = nil) {
        let ledger = LedgerLeaderboard(database: database)
        names = DisplayNames(database: database)
        if let client {
            let redis = RedisLeaderboard(client: client, ledger: ledger, observer: observer ?? RedisRankPublisher(client: client, channel: namespace + "leaderboard:rank-changes"),
                                         logger: logger, namespace: namespace)
            self.redis = redis
            store = redis
        } else {
            redis = nil
            store = ledger
        }
    }

    var services: [any Service] { redis.map { [LeaderboardMonitorService(store: $0)] } ?? [] }

    /// Where reads come from right now.
    var source: String { redis?.state == .healthy ? "redis" : "ledger" }

    /// For /health/ready: Redis degraded is reported, never a reason to leave rotation.
    var health: [String: String] {
        guard let redis else { return [:] }
        switch redis.state {
        case .healthy: return ["redis": "ok"]
        case .starting: return ["redis": "degraded: checking boards"]
        case .degraded(let reason): return ["redis": "degraded: \(reason)"]
        }
    }

    /// `wave3 leaderboard rebuild`: every board from the ledger, under the replicas' shared lock.
    public func rebuild() async throws -> Bool {
        guard let redis else { return false }
        return try await redis.rebuild()
    }

    /// Runs one health check now (tests, and the first check at start).
    public func check() async {
        await redis?.tick()
    }
}
