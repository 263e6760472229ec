import Balancer
import BalancerTestSupport
import Foundation
import NIOPosix
import Redis

/// The shared limiter's bars (docs/balancer.md, "Shared limiter"):
///   accuracy: two balancers in this process share one Redis; one client sends 3x its limit,
///             spread evenly over both; accepted is compared with rate x time + burst and with one
///             exact GCRA replayed on the same arrivals (bar: within 10 %);
///   script:   the alternative design, one atomic GCRA script per decision (pipelined over one
///             connection from many tasks): its ceiling in decisions per second and its round trip,
///             which every request would wait for.
enum SharedLimiterBench {
    static func accuracy(redisURL: String, seconds: Double) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let stub = StubReplicaServer(name: "r0", group: group)
        try await stub.start()
        let rate = 100.0, burst = 10
        let limit = GCRALimit(ratePerSecond: rate, burst: burst)
        var servers: [BalancerServer] = []
        for _ in 0..<2 {
            var config = BalancerConfiguration()
            config.listenPort = 0; config.adminPort = 0
            config.upstreams = [Upstream(host: "127.0.0.1", port: stub.port)]
            config.limit = limit
            config.flags.reputation.enabled = false
            config.redisURL = redisURL
            // The same interval as the throughput part's balancers, so both bars judge one setting.
            if let ms = ProcessInfo.processInfo.environment["BALANCER_REDIS_SYNC_MS"].flatMap(Double.init), ms >= 0.1, ms <= 1000 {
                config.limiterSyncInterval = .nanoseconds(Int64(ms * 1e6))
            }
            let server = try BalancerServer(config: config, group: group)
            try await server.start()
            servers.append(server)
        }
        let deadline = Date().addingTimeInterval(10)
        while servers.contains(where: { $0.limiterBackend().state != "redis" }) {
            guard Date() < deadline else { print("shared limiter: Redis never reached"); exit(1) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let outcome = await SpreadClient(ports: servers.map { $0.listenPort! }, requestsPerSecond: 3 * rate, seconds: seconds).run()
        let allowed = rate * outcome.seconds + Double(burst)
        let exact = Double(outcome.exactAccepted(limit))
        let error = abs(Double(outcome.accepted) - allowed) / allowed * 100
        let exactError = abs(Double(outcome.accepted) - exact) / exact * 100
        print(String(format: "shared limiter: client at 3x its limit over two balancers (%@): accepted %d of %d sent; limit x time allows %.0f: accepted/limit %.3f (error %.1f %%, bar <= 10 %%: %@); one exact GCRA on the same arrivals accepts %.0f (error %.1f %%: %@)",
                     outcome.acceptedPerPort.map(String.init).joined(separator: " + "), outcome.accepted, outcome.sent, allowed,
                     Double(outcome.accepted) / allowed, error, verdict(error <= 10), exact, exactError, verdict(exactError <= 10)))
        for s in servers { await s.drain() }
        await stub.stop()
        try await group.shutdownGracefully()
    }

    /// GCRA in one script per decision: what "a Redis round trip per request" would cost.
    static let perDecision = RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
        local tat = tonumber(redis.call('GET', KEYS[1])) or 0
        if tat < now then tat = now end
        if tat - tolerance > now then return 0 end
        tat = tat + interval
        redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
        return 1
        """)

    static func script(redisURL: String, seconds: Double, concurrency: Int) async throws {
        let client = try RedisClient(url: redisURL)
        _ = try await client.run(perDecision, keys: ["bench:warm"], arguments: ["10", "1000"])
        let start = monotonicNanos(), end = start + Int64(seconds * 1e9)
        let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var n = 0
                    var rtts: [Int64] = []
                    while monotonicNanos() < end {
                        let t0 = monotonicNanos()
                        _ = try await client.run(perDecision, keys: ["bench:client:\((worker * 7919 + n) % 1000)"], arguments: ["10", "1000"])
                        rtts.append(monotonicNanos() - t0)
                        n += 1
                    }
                    return (n, rtts)
                }
            }
            var all: [(Int, [Int64])] = []
            for try await r in group { all.append(r) }
            return all
        }
        let total = results.reduce(0) { $0 + $1.0 }
        let rtts = results.flatMap(\.1).sorted()
        let elapsed = Double(monotonicNanos() - start) / 1e9
        print(String(format: "per-decision GCRA script: %.0f decisions/s with %d in flight; round trip p50 %.0f us, p99 %.0f us",
                     Double(total) / elapsed, concurrency, Double(rtts[rtts.count / 2]) / 1e3, Double(rtts[rtts.count * 99 / 100]) / 1e3))
        client.shutdown()
    }
}
