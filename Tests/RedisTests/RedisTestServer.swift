import Foundation
import Testing
@testable import Redis

/// The private redis-server `scripts/redis.sh start` launched (`make test` does it). Tests that
/// need it fail when it is missing: nothing is skipped.
enum RedisTestServer {
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["WAVE3_TEST_REDIS_URL"], !url.isEmpty else {
            Issue.record("WAVE3_TEST_REDIS_URL is unset: run `eval \"$(scripts/redis.sh start)\"` first")
            throw RedisError.unavailable("WAVE3_TEST_REDIS_URL unset")
        }
        return url
    }

    static func client(poolSize: Int = 2, commandTimeout: Duration = .seconds(2)) throws -> RedisClient {
        var configuration = RedisConfiguration(url: try RedisURL(url()), poolSize: poolSize)
        configuration.commandTimeout = .nanoseconds(Int64(commandTimeout.components.seconds) * 1_000_000_000 + commandTimeout.components.attoseconds / 1_000_000_000)
        return RedisClient(configuration: configuration)
    }

    /// A key no other test uses.
    static func key(_ name: String) -> String { "test:\(name):\(UUID().uuidString)" }
}
