import Logging
import ServiceLifecycle

/// Runs the Redis boards' health check every `interval` for the life of the replica.
struct LeaderboardMonitorService: Service {
    let store: RedisLeaderboard
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await store.tick()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
