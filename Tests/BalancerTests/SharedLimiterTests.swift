import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Balancer
import BalancerTestSupport
import TestSupport

/// Two balancers in this process, one real redis-server of the test's own between them.
struct SharedPair {
    let servers: [BalancerServer]
    let redis: PrivateRedisServer
    var ports: [Int] { servers.map { $0.listenPort! } }
    func admin(_ i: Int) -> AdminEndpoint { AdminEndpoint(port: servers[i].adminPort!, token: servers[i].adminToken) }
    func states() -> [String] { servers.map { $0.limiterBackend().state } }
    static let jwtSecret = "shared-limiter-test-secret"
    /// A verified identity both balancers agree on, fresh for each use.
    static func bearer(_ subject: String) -> String {
        "Authorization: Bearer " + ClientIdentifier.signHS256(claims: ["sub": subject, "exp": 4_102_444_800], secret: jwtSecret) + "\r\n"
    }
}

/// - Parameter separateDatabases: the second balancer uses database 1 of the same server: two
///   balancers that share nothing, the control that shows the measurement tells them apart.
func withSharedPair(limit: GCRALimit, separateDatabases: Bool = false, _ body: (SharedPair) async throws -> Void) async throws {
    let redis = try PrivateRedisServer.start()
    defer { redis.stop() }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let stub = StubReplicaServer(name: "r0", group: group)
    try await stub.start()
    var servers: [BalancerServer] = []
    func teardown() async {
        for s in servers { await s.drain() }
        await stub.stop()
        try? await group.shutdownGracefully()
    }
    do {
        for i in 0..<2 {
            var config = BalancerConfiguration()
            config.listenPort = 0
            config.adminPort = 0
            config.upstreams = [Upstream(host: "127.0.0.1", port: stub.port)]
            config.limit = limit
            // The limiter alone: reputation would scale the limit as the client keeps hitting it.
            config.flags.reputation.enabled = false
            config.redisURL = separateDatabases && i == 1 ? String(redis.url.dropLast(2)) + "/1" : redis.url
            config.jwtSecret = SharedPair.jwtSecret
            let server = try BalancerServer(config: config, group: group)
            try await server.start()
            servers.append(server)
        }
        let pair = SharedPair(servers: servers, redis: redis)
        try await waitUntil("both balancers sharing through Redis") { pair.states() == ["redis", "redis"] }
        try await body(pair)
    } catch {
        await teardown()
        throw error
    }
    await teardown()
}

extension AllBalancerTests {
    @Suite(.serialized) struct SharedLimiterTests {
        @Test func aClientAtThreeTimesItsLimitOverTwoBalancersGetsOneLimit() async throws {
            let limit = GCRALimit(ratePerSecond: 100, burst: 10)
            try await withSharedPair(limit: limit) { pair in
                let outcome = await SpreadClient(ports: pair.ports, requestsPerSecond: 300, seconds: 3).run()
                let exact = Double(outcome.exactAccepted(limit))
                let error = abs(Double(outcome.accepted) - exact) / exact
                // Alone, each balancer would accept about `exact`: together nearly twice the limit.
                #expect(error <= 0.10, "accepted \(outcome.accepted) of \(outcome.sent); one exact limiter on the same arrivals accepts \(exact)")
                #expect(outcome.acceptedPerPort.allSatisfy { $0 > 0 }, "\(outcome.acceptedPerPort)")
                #expect(pair.states() == ["redis", "redis"])
            }
        }

        @Test func balancersOnDifferentDatabasesDoNotShare() async throws {
            let limit = GCRALimit(ratePerSecond: 100, burst: 10)
            try await withSharedPair(limit: limit, separateDatabases: true) { pair in
                let outcome = await SpreadClient(ports: pair.ports, requestsPerSecond: 300, seconds: 2).run()
                let exact = Double(outcome.exactAccepted(limit))
                #expect(Double(outcome.accepted) >= 1.5 * exact, "accepted \(outcome.accepted) of \(outcome.sent); one limit would accept \(exact)")
            }
        }

        @Test func redisKilledFallsBackToLocalLimitsAndRecovers() async throws {
            let limit = GCRALimit(ratePerSecond: 50, burst: 10)
            try await withSharedPair(limit: limit) { pair in
                try pair.redis.kill()
                try await waitUntil("both balancers on local limits") { pair.states() == ["local_fallback", "local_fallback"] }
                let stats = try #require(try RawHTTP.get(pair.admin(0), "/stats"))
                let backend = try #require((try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any])?["limiterBackend"] as? [String: Any])
                #expect(backend["state"] as? String == "local_fallback")
                #expect((backend["reason"] as? String)?.isEmpty == false)
                let metrics = try #require(try RawHTTP.get(pair.admin(1), "/metrics")).body
                #expect(metrics.contains(#"balancer_limiter_backend{state="local_fallback"} 1"#), "\(metrics.split(separator: "\n").filter { $0.contains("limiter_backend") })")
                #expect(metrics.contains(#"balancer_limiter_backend{state="redis"} 0"#))

                // Still limited, each balancer on its own: a burst of 40 gets the burst of 10.
                let statuses = try RawHTTP.burst(pair.ports[0], count: 40, key: nil)
                let accepted = statuses.filter { $0 == 200 }.count
                #expect((10...12).contains(accepted), "\(statuses)")
                #expect(statuses.filter { $0 == 429 }.count == 40 - accepted)

                try pair.redis.restart()
                try await waitUntil("both balancers sharing through Redis again") { pair.states() == ["redis", "redis"] }
                let after = try #require(try RawHTTP.get(pair.admin(0), "/metrics")).body
                #expect(after.contains(#"balancer_limiter_backend{state="redis"} 1"#))
                // Shared again: a fresh client at 3x its limit over both gets one limit.
                let outcome = await SpreadClient(ports: pair.ports, requestsPerSecond: 150, seconds: 2, headers: SharedPair.bearer("after-recovery")).run()
                let exact = Double(outcome.exactAccepted(limit))
                #expect(abs(Double(outcome.accepted) - exact) / exact <= 0.10, "accepted \(outcome.accepted) of \(outcome.sent); exact \(exact)")
            }
        }
    }
}
