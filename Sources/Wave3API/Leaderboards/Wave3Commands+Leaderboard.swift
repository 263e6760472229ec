import Logging
import Redis
import Storage

extension Wave3Commands {
    /// Rebuilds every board in the Redis of `WAVE3_REDIS_URL` from the ledger.
    public static func rebuildLeaderboards(_ configuration: AppConfiguration) async throws -> String {
        guard let text = configuration.redisURL else { throw ConfigurationError("set WAVE3_REDIS_URL: without Redis the boards are read from the ledger") }
        let logger = Logger(label: "wave3.leaderboards")
        let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(text)))
        defer { client.shutdown() }
        return try await withDatabase(configuration, logger: logger) { database in
            let runtime = LeaderboardRuntime(database: database, client: client, logger: logger, namespace: configuration.redisNamespace)
            let done = try await runtime.rebuild()
            return done ? "leaderboards rebuilt" : "another replica holds the rebuild lock; try again when it is done"
        }
    }
}
